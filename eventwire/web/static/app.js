/* eventwire web page: plain JS, no build step.
 *
 * Every piece of data reaches the DOM through textContent / createElement /
 * setAttribute on known-safe attributes; links to outside URLs are kept only
 * for http(s).  Nothing from the database is ever parsed as HTML.
 */
(function () {
  "use strict";

  var TYPE_COLORS = {
    AGREE: "#2e7d32", CONSULT: "#00897b", SUPPORT: "#43a047", CONCEDE: "#7cb342", COOPERATE: "#1e88e5",
    AID: "#3949ab", RETREAT: "#8d6e63", REQUEST: "#5e35b1", ACCUSE: "#f9a825", REJECT: "#00acc1",
    THREATEN: "#ff8a65", PROTEST: "#ad1457", SANCTION: "#6d4c41", MOBILIZE: "#546e7a", COERCE: "#ef6c00",
    ASSAULT: "#b71c1c"
  };
  var KINDS = ["quote", "event", "figure", "entity", "place"];
  var KIND_LABEL = { entity: "Entities", place: "Places", quote: "Quotes", figure: "Figures", event: "Events" };
  var DAY = 86400000;
  var MAX_PAGES = 20;

  var state = { config: {}, events: [], places: [], range: null, map: null, clusters: null, outlines: null };
  window.eventwire = state;   // for tests and debugging

  // ---------------------------------------------------------------- helpers
  function el(tag, props) {
    var node = document.createElement(tag);
    var children = Array.prototype.slice.call(arguments, 2);
    if (props) {
      Object.keys(props).forEach(function (k) {
        var v = props[k];
        if (v === null || v === undefined || v === false) return;
        if (k === "text") node.textContent = String(v);
        else if (k === "class") node.className = v;
        else if (k === "href") { var h = safeHref(v); if (h) node.setAttribute("href", h); }
        else if (k === "on") Object.keys(v).forEach(function (ev) { node.addEventListener(ev, v[ev]); });
        else if (k === "dataset") Object.keys(v).forEach(function (d) { node.dataset[d] = String(v[d]); });
        else if (/^on/i.test(k) || k === "src" || k === "style") throw new Error("refusing attribute " + k);
        else node.setAttribute(k, String(v));
      });
    }
    children.forEach(function (c) { append(node, c); });
    return node;
  }
  function append(node, c) {
    if (c === null || c === undefined || c === false) return;
    if (Array.isArray(c)) { c.forEach(function (x) { append(node, x); }); return; }
    node.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  function svg(tag, attrs) {
    var node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, String(attrs[k])); });
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }
  // Only in-page routes and http(s) URLs become links; javascript:, data: and the rest stay text.
  function safeHref(url) {
    if (typeof url !== "string") return null;
    if (url.charAt(0) === "#") return url;
    return /^https?:\/\/[^\s]+$/i.test(url.trim()) ? url.trim() : null;
  }
  function route(view, id, params) {
    var h = "#/" + view + (id !== undefined && id !== null ? "/" + encodeURIComponent(id) : "");
    var qs = params ? new URLSearchParams(params).toString() : "";
    return qs ? h + "?" + qs : h;
  }
  function api(path, params) {
    var qs = new URLSearchParams();
    Object.keys(params || {}).forEach(function (k) {
      var v = params[k];
      if (v !== null && v !== undefined && v !== "") qs.set(k, v);
    });
    var url = path + (qs.toString() ? "?" + qs.toString() : "");
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok) { var e = new Error((body && (body.message || body.detail)) || r.statusText); e.status = r.status; throw e; }
        return body;
      });
    });
  }
  function items(page) { return Array.isArray(page) ? page : (page && page.items) || []; }
  function apiAll(path, params) {
    var out = [];
    function next(offset, n) {
      return api(path, Object.assign({}, params, { limit: state.config.max_limit || 500, offset: offset })).then(function (page) {
        var rows = items(page);
        out = out.concat(rows);
        if (!Array.isArray(page) && page.next_offset !== null && page.next_offset !== undefined && n < MAX_PAGES && rows.length)
          return next(page.next_offset, n + 1);
        return out;
      });
    }
    return next(0, 1);
  }
  function actorName(a) {
    if (!a) return null;
    if (typeof a === "string") return a;
    return a.name || null;
  }
  function eventSource(ev) { return ev.source_name || actorName(ev.source); }
  function eventTarget(ev) { return ev.target_name || actorName(ev.target); }
  function eventPlace(ev) {
    if (typeof ev.place === "string") return ev.place;
    if (ev.place && ev.place.name) return ev.place.name;
    return ev.place_detail && ev.place_detail.name || null;
  }
  function eventLatLon(ev) {
    if (ev.lat !== null && ev.lat !== undefined && ev.lon !== null && ev.lon !== undefined) return [ev.lat, ev.lon];
    var p = ev.place_detail || (typeof ev.place === "object" ? ev.place : null);
    if (p && p.lat !== null && p.lat !== undefined) return [p.lat, p.lon];
    return null;
  }
  // An event as a sentence an analyst scans: "Russian forces (ASSAULT) → Kharkiv, at Kharkiv, 2024-03-04".
  // Names as the article gives them; a missing actor, place or date reads "unknown", never "?".
  function eventSentence(ev, place) {
    place = place === undefined ? eventPlace(ev) : place;
    return (eventSource(ev) || "unknown") + " (" + ev.type + ") \u2192 " + (eventTarget(ev) || "unknown") +
      (place ? ", at " + place : "") + ", " + (ev.date || "date unknown");
  }
  // The header's counts in words (keys of /api/stats that an analyst reads; the rest stay out).
  var STAT_LABELS = [["articles", "article", "articles"], ["people", "person", "people"],
    ["organizations", "organization", "organizations"], ["places_with_coordinates", "place on the map", "places on the map"],
    ["events", "event", "events"]];
  function statsLine(s) {
    return STAT_LABELS.filter(function (l) { return typeof s[l[0]] === "number"; }).map(function (l) {
      return fmt(s[l[0]]) + " " + (s[l[0]] === 1 ? l[1] : l[2]);
    }).join(" \u00b7 ");
  }
  function articleIdOf(x) { return x.article_id || (x.article && (x.article.id || x.article)) || null; }
  function dayOf(s) { return typeof s === "string" && /^\d{4}-\d{2}-\d{2}/.test(s) ? s.slice(0, 10) : null; }
  function inRange(d) {
    if (!state.range) return true;
    d = dayOf(d);
    return !!d && d >= state.range[0] && d <= state.range[1];
  }
  function fmt(n) { return typeof n === "number" ? n.toLocaleString("en-US") : String(n); }
  function spansOf(item) {
    var out = [];
    (item.spans || []).forEach(function (s) { if (s && s.length === 2) out.push(s); });
    if (!out.length && item.span && item.span.length === 2) out.push(item.span);
    return out.filter(function (s) { return typeof s[0] === "number" && typeof s[1] === "number" && s[1] > s[0]; });
  }
  function describe(kind, it) {
    switch (kind) {
      case "entity": return it.type + ": " + it.name + ((it.aliases || []).length ? " (aka " + it.aliases.join(", ") + ")" : "");
      case "place": return "PLACE: " + it.name + " [" + [it.admin1, it.country_code].filter(Boolean).join(", ") + "]" +
        (it.lat !== null && it.lat !== undefined ? " " + it.lat + "," + it.lon : "") + (it.geonameid ? " geonames:" + it.geonameid : "");
      case "quote": return "QUOTE by " + (it.speaker || "unknown") + ": \u201c" + it.text + "\u201d";
      case "figure": return "FIGURE: " + (it.lower_bound ? "at least " : "") + fmt(it.value) + " " + it.metric +
        (it.object ? " (" + it.object + ")" : "") + (it.source ? " according to " + it.source : "");
      case "event": return "EVENT: " + eventSentence(it);
    }
    return kind;
  }
  function showError(node, err) { append(clear(node), el("p", { class: "error", text: "Could not load: " + (err && err.message || err) })); }

  // ---------------------------------------------------------------- map
  function initMap() {
    // maxZoom: markercluster needs one, and without tiles Leaflet would have none.
    var map = L.map("map", { worldCopyJump: true, maxZoom: 12 }).setView([35, 20], 3);
    state.map = map;
    if (state.config.tiles) {
      L.tileLayer(state.config.tiles, { attribution: state.config.tiles_attribution || "", maxZoom: 18 }).addTo(map);
    } else {
      addOutlines(map);
    }
    state.clusters = markerClusters(map);
  }

  // Country outlines beneath the markers, when the server has them; without them a graticule
  // every 10 degrees gives the plain background its bearings.  Drawn from coordinates only:
  // nothing from the file becomes DOM text or HTML.
  function addOutlines(map) {
    var pane = map.createPane("ew-outlines");
    pane.style.zIndex = 350;            // below overlayPane (400) and markerPane (600)
    pane.style.pointerEvents = "none";
    api("/api/outlines.geojson").then(function (fc) {
      if (!fc || fc.type !== "FeatureCollection" || !Array.isArray(fc.features)) throw new Error("no outlines");
      state.outlines = L.geoJSON(fc, {
        pane: "ew-outlines", interactive: false, className: "ew-country",
        style: function () { return { color: "#9aa1a8", weight: 0.7, opacity: 1, fillColor: "#f7f5ef", fillOpacity: 0.9 }; }
      }).addTo(map);
    }).catch(function () { addGraticule(map); });
  }
  function addGraticule(map) {
    var grid = L.layerGroup().addTo(map);
    for (var lat = -80; lat <= 80; lat += 10) grid.addLayer(L.polyline([[lat, -180], [lat, 180]], { className: "ew-graticule", interactive: false, weight: lat === 0 ? 1.2 : 0.6 }));
    for (var lon = -180; lon <= 180; lon += 10) grid.addLayer(L.polyline([[-85, lon], [85, lon]], { className: "ew-graticule", interactive: false, weight: lon === 0 ? 1.2 : 0.6 }));
  }

  // Leaflet.markercluster (xstatic-leaflet-markercluster): nearby markers merge into a numbered
  // cluster; clicking one zooms in, and markers on the very same spot spiderfy at the last zoom.
  function markerClusters(map) {
    var group = L.markerClusterGroup({ maxClusterRadius: 48, showCoverageOnHover: false, spiderfyOnMaxZoom: true,
      chunkedLoading: true });
    map.addLayer(group);
    var entries = [];
    return {
      group: group,
      set: function (list) {
        entries = list;
        group.clearLayers();
        group.addLayers(list.map(function (e) { var m = singleMarker(e); e.marker = m; return m; }));
      },
      entries: function () { return entries; }
    };
  }
  function singleMarker(e) {
    var dot = el("span");
    if (e.color) dot.style.background = e.color;
    var marker = L.marker(e.latlng, {
      icon: L.divIcon({ html: dot, className: "ew-marker ew-marker-" + e.kind, iconSize: [16, 16] }),
      title: e.title, keyboard: true
    });
    marker.bindPopup(function () { return e.popup(); }, { maxWidth: 360 });
    if (e.kind === "place") marker.bindTooltip(e.title, { permanent: true, direction: "right", className: "ew-label", offset: [8, 0] });
    return marker;
  }
  function eventPopup(ev) {
    var aid = articleIdOf(ev);
    return el("div", { class: "popup" },
      el("h4", { class: "event-sentence", text: eventSentence(ev) }),
      ev.sentence ? el("p", { text: "\u201c" + ev.sentence + "\u201d" }) : null,
      aid ? el("a", { class: "evidence", href: route("article", aid, { hl: "event-" + (ev.position !== undefined ? ev.position : ev.id) }), text: "Evidence: open the article" }) : null);
  }
  function placePopup(p) {
    var list = el("ul", null, el("li", { class: "empty", text: "Loading articles\u2026" }));
    var box = el("div", { class: "popup" },
      el("h4", { text: p.name }),
      el("p", { class: "meta", text: [p.admin1, p.country_code].filter(Boolean).join(", ") + " \u00b7 " + p.lat + ", " + p.lon +
        (p.geonameid ? " \u00b7 GeoNames " + p.geonameid : "") }),
      (p.mentions || []).length ? el("p", { text: "Written as: " + p.mentions.join(", ") }) : null,
      typeof p.articles === "number" ? el("p", { text: "Mentioned in " + p.articles + " article" + (p.articles === 1 ? "" : "s") }) : null,
      list);
    api("/api/places/" + encodeURIComponent(p.id)).then(function (d) {
      clear(list);
      (d.articles || []).slice(0, 30).forEach(function (a) {
        list.appendChild(el("li", null, el("span", { class: "date", text: a.date || "" }),
          el("a", { class: "evidence", href: route("article", a.id, { hl: "place-" + (a.position !== undefined ? a.position : p.name) }),
            text: a.title || (a.source ? a.source + " article" : "article " + a.id) })));
      });
      (d.events || []).slice(0, 10).forEach(function (ev) {
        list.appendChild(el("li", null, el("a", { class: "evidence", href: route("article", ev.article_id, { hl: "event-" + ev.id }),
          text: eventSentence(ev, p.name) })));
      });
      if (!list.firstChild) list.appendChild(el("li", { class: "empty", text: "No articles." }));
    }).catch(function (e) { showError(list, e); });
    return box;
  }
  function refreshMap() {
    if (!state.clusters) return;
    var list = [];
    state.places.forEach(function (p) {
      if (p.lat === null || p.lat === undefined || p.lon === null || p.lon === undefined) return;
      if (state.range && p.first_seen && p.last_seen && (p.last_seen < state.range[0] || p.first_seen > state.range[1])) return;
      list.push({ kind: "place", latlng: [p.lat, p.lon], title: p.name, popup: function () { return placePopup(p); } });
    });
    state.events.forEach(function (ev) {
      var ll = eventLatLon(ev);
      if (!ll || !inRange(ev.date)) return;
      list.push({ kind: "event", latlng: ll, color: TYPE_COLORS[ev.type], title: ev.type + " " + (eventPlace(ev) || ""), popup: function () { return eventPopup(ev); } });
    });
    state.clusters.set(list);
    if (!state.fitted && list.length) {
      // Open fitted to the data: the bounds of every marker, with a margin for the marker icons.
      state.fitted = true;
      state.map.fitBounds(L.latLngBounds(list.map(function (m) { return m.latlng; })), { padding: [24, 24], maxZoom: 9, animate: false });
    }
  }

  // ---------------------------------------------------------------- lists
  function refreshLists() {
    var evs = state.events.filter(function (ev) { return inRange(ev.date); });
    evs.sort(function (a, b) { return (a.date || "") < (b.date || "") ? -1 : (a.date || "") > (b.date || "") ? 1 : 0; });
    var ol = clear(document.getElementById("event-list"));
    evs.slice(0, 300).forEach(function (ev) {
      var aid = articleIdOf(ev);
      var swatch = el("i", { class: "swatch" }); swatch.style.background = TYPE_COLORS[ev.type] || "#777";
      ol.appendChild(el("li", { dataset: { date: ev.date || "" } }, swatch,
        el("span", { class: "event-sentence", text: eventSentence(ev) }), " ",
        aid ? el("a", { href: route("article", aid, { hl: "event-" + (ev.position !== undefined ? ev.position : ev.id) }), text: "evidence" }) : null));
    });
    if (!evs.length) ol.appendChild(el("li", { class: "empty", text: "No events in this range." }));
    document.getElementById("event-count").textContent = "(" + evs.length + ")";

    var params = state.range ? { since: state.range[0], until: state.range[1] } : {};
    var seq = (state.articleSeq = (state.articleSeq || 0) + 1);
    apiAll("/api/articles", params).then(function (rows) {
      if (seq !== state.articleSeq) return;
      var al = clear(document.getElementById("article-list"));
      rows.forEach(function (a) { al.appendChild(articleItem(a)); });
      if (!rows.length) al.appendChild(el("li", { class: "empty", text: "No articles in this range." }));
      document.getElementById("article-count").textContent = "(" + rows.length + ")";
    }).catch(function (e) { showError(document.getElementById("article-list"), e); });
  }
  function articleItem(a, snippet) {
    return el("li", { dataset: { date: a.date || "" } },
      el("span", { class: "date", text: a.date || "undated" }),
      el("a", { href: route("article", a.id), text: a.title || firstWords(a.snippet || a.text) || a.id }),
      a.source ? el("span", { class: "meta", text: " \u2014 " + a.source }) : null,
      snippet ? snippetNode(snippet) : null);
  }
  function firstWords(t) { return typeof t === "string" ? t.slice(0, 90) + (t.length > 90 ? "\u2026" : "") : ""; }
  // FTS snippets mark hits as [word]: render the brackets as <mark> without parsing anything as HTML.
  function snippetNode(s) {
    var p = el("div", { class: "snippet meta" });
    String(s).split(/(\[[^\[\]]*\])/).forEach(function (part) {
      if (/^\[[^\[\]]*\]$/.test(part)) p.appendChild(el("mark", { text: part.slice(1, -1) }));
      else if (part) p.appendChild(document.createTextNode(part));
    });
    return p;
  }

  // ---------------------------------------------------------------- timeline
  function drawTimeline() {
    var box = document.getElementById("timeline");
    clear(box);
    var width = box.clientWidth || 800, height = box.clientHeight || 130, padB = 18, padT = 6;
    box.setAttribute("viewBox", "0 0 " + width + " " + height);
    var dated = state.events.filter(function (ev) { return dayOf(ev.date); });
    var legend = clear(document.getElementById("timeline-legend"));
    if (!dated.length) {
      var t = svg("text", { x: 10, y: 40 }); t.textContent = "No dated events."; box.appendChild(t);
      return;
    }
    var counts = {}, types = {};
    dated.forEach(function (ev) {
      var d = dayOf(ev.date);
      counts[d] = counts[d] || {};
      counts[d][ev.type] = (counts[d][ev.type] || 0) + 1;
      types[ev.type] = true;
    });
    var days = Object.keys(counts).sort();
    var t0 = Date.parse(days[0]) - DAY, t1 = Date.parse(days[days.length - 1]) + 2 * DAY;
    var max = 0;
    days.forEach(function (d) { var s = 0; Object.keys(counts[d]).forEach(function (k) { s += counts[d][k]; }); max = Math.max(max, s); });
    var x = function (ms) { return (ms - t0) / (t1 - t0) * width; };
    var barW = Math.max(3, width / ((t1 - t0) / DAY) - 1);
    var scaleY = (height - padB - padT) / max;
    state.timeline = { t0: t0, t1: t1, width: width,
      xForDate: function (d) { return x(Date.parse(d)) + barW / 2; },
      dateForX: function (px) { return new Date(t0 + Math.max(0, Math.min(width, px)) / width * (t1 - t0)).toISOString().slice(0, 10); } };
    var axis = svg("g", { class: "axis" });
    axis.appendChild(svg("line", { x1: 0, x2: width, y1: height - padB + 0.5, y2: height - padB + 0.5 }));
    var spanDays = (t1 - t0) / DAY, step = spanDays > 500 ? 3 : 1;
    var start = new Date(t0); start = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
    for (var m = start, i = 0; m.getTime() < t1; m = new Date(Date.UTC(m.getUTCFullYear(), m.getUTCMonth() + step, 1)), i++) {
      var xx = x(m.getTime());
      axis.appendChild(svg("line", { x1: xx, x2: xx, y1: height - padB, y2: height - padB + 4 }));
      var lbl = svg("text", { x: xx + 2, y: height - 4 }); lbl.textContent = m.toISOString().slice(0, 7); axis.appendChild(lbl);
    }
    if (spanDays < 40) {
      days.forEach(function (d) { var l = svg("text", { x: x(Date.parse(d)), y: height - 4 }); l.textContent = d.slice(5); axis.appendChild(l); });
    }
    box.appendChild(axis);
    var bars = svg("g", { class: "bars" });
    days.forEach(function (d) {
      var y = height - padB;
      Object.keys(counts[d]).sort().forEach(function (type) {
        var h = counts[d][type] * scaleY;
        var r = svg("rect", { x: x(Date.parse(d)), y: y - h, width: barW, height: Math.max(h, 1), fill: TYPE_COLORS[type] || "#777" });
        r.dataset.date = d; r.dataset.type = type;
        var title = svg("title"); title.textContent = d + " " + type + ": " + counts[d][type]; r.appendChild(title);
        bars.appendChild(r);
        y -= h;
      });
    });
    box.appendChild(bars);
    Object.keys(types).sort().forEach(function (type) {
      var i = el("i"); i.style.background = TYPE_COLORS[type] || "#777";
      legend.appendChild(el("span", null, i, type));
    });
    var brush = svg("rect", { class: "brush", x: 0, y: 0, width: 0, height: height - padB, visibility: "hidden" });
    box.appendChild(brush);
    if (state.range) {
      var bx0 = x(Date.parse(state.range[0])), bx1 = x(Date.parse(state.range[1]) + DAY);
      brush.setAttribute("x", bx0); brush.setAttribute("width", Math.max(1, bx1 - bx0)); brush.setAttribute("visibility", "visible");
    }
    attachBrush(box, brush);
  }
  function attachBrush(box, brush) {
    var startX = null;
    function px(e) { var r = box.getBoundingClientRect(); return (e.clientX - r.left) / r.width * state.timeline.width; }
    box.onpointerdown = function (e) {
      startX = px(e); box.setPointerCapture && box.setPointerCapture(e.pointerId);
      brush.setAttribute("x", startX); brush.setAttribute("width", 0); brush.setAttribute("visibility", "visible");
    };
    box.onpointermove = function (e) {
      if (startX === null) return;
      var cur = px(e);
      brush.setAttribute("x", Math.min(startX, cur)); brush.setAttribute("width", Math.abs(cur - startX));
    };
    box.onpointerup = function (e) {
      if (startX === null) return;
      var cur = px(e), a = Math.min(startX, cur), b = Math.max(startX, cur);
      startX = null;
      if (b - a < 3) { setRange(null); return; }
      setRange([state.timeline.dateForX(a), state.timeline.dateForX(b)]);
    };
  }
  function setRange(range) {
    state.range = range;
    document.getElementById("range-label").textContent = range ? "Dates " + range[0] + " to " + range[1] : "All dates";
    document.getElementById("clear-range").hidden = !range;
    if (!range) drawTimeline();
    refreshMap();
    refreshLists();
  }

  // ---------------------------------------------------------------- article view
  function showArticle(id, params) {
    var view = clear(document.getElementById("view-article"));
    view.appendChild(el("p", { class: "meta", text: "Loading\u2026" }));
    api("/api/articles/" + encodeURIComponent(id)).then(function (data) {
      clear(view);
      var art = data.article || data;
      var text = typeof art.text === "string" ? art.text : (typeof data.text === "string" ? data.text : "");
      var url = safeHref(art.url);
      view.appendChild(el("div", { class: "article-head" },
        el("h1", { id: "article-title", text: art.title || "(untitled article)" }),
        el("div", { class: "meta" },
          el("span", { text: "Date: " + (art.date || "unknown") + (art.date_inferred ? " (inferred)" : "") }),
          el("span", { text: "Source: " + (art.source || "unknown") }),
          el("span", { text: "Language: " + (art.language || "unknown") }),
          art.case ? el("span", { class: "case-warning", text: "Text in " + (art.case === "mixed" ? "partly lost case" : art.case + " case") + ": case restored before extraction" }) : null,
          el("span", null, "URL: ", art.url ? (url ? el("a", { href: url, rel: "noopener noreferrer", target: "_blank", text: art.url }) : el("code", { text: art.url })) : "none"),
          el("span", { text: "id " + (art.id || id) }))));
      var found = collect(data);
      var target = linkedSpan(params, text.length);
      if (target) found.marks.push({ start: target[0], end: target[1], item: { kind: "target", label: "Linked evidence (characters " + target[0] + "\u2013" + target[1] + ")" } });
      var legend = el("div", { class: "legend" });
      KINDS.slice().reverse().forEach(function (k) { legend.appendChild(el("span", { class: "k-" + k, text: KIND_LABEL[k] + " " + found.counts[k] })); });
      view.appendChild(legend);
      var body = el("div", { class: "article-text", id: "article-text" });
      renderHighlighted(body, text, found.marks);
      var side = el("div", { class: "article-items" });
      KINDS.slice().reverse().forEach(function (k) {
        var list = found.byKind[k];
        side.appendChild(el("h3", { text: KIND_LABEL[k] + " (" + list.length + ")" }));
        var ul = el("ul", { class: "list items" });
        list.forEach(function (m) {
          var li = el("li", { title: m.label, text: m.label, on: { click: function () { focusMark(m.anchor); } } });
          if (k === "entity" && m.record.entity_id !== undefined) {
            li.appendChild(document.createTextNode(" "));
            li.appendChild(el("a", { href: route("entity", m.record.entity_id), text: "entity page" }));
          }
          ul.appendChild(li);
        });
        side.appendChild(ul);
      });
      view.appendChild(el("div", { class: "article-layout" }, body, side));
      if (params.get("hl")) focusMark(params.get("hl"));
      if (target) { var first = document.querySelector("#article-text mark.hl-target"); if (first) first.scrollIntoView({ block: "center" }); }
    }).catch(function (e) { showError(view, e); });
  }
  // The span a link points at (?start=&end=, character offsets into the stored text), or null.
  function linkedSpan(params, len) {
    if (!params.has("start") || !params.has("end")) return null;
    var a = Number(params.get("start")), b = Number(params.get("end"));
    if (!isFinite(a) || !isFinite(b)) return null;
    a = Math.max(0, Math.min(len, Math.floor(a))); b = Math.max(0, Math.min(len, Math.floor(b)));
    return b > a ? [a, b] : null;
  }
  function collect(data) {
    var marks = [], byKind = {}, counts = {};
    KINDS.forEach(function (k) { byKind[k] = []; counts[k] = 0; });
    var sources = { entity: data.entities, place: data.places, quote: data.quotes,
      figure: data.figures || data.quantities, event: data.events };
    Object.keys(sources).forEach(function (kind) {
      (sources[kind] || []).forEach(function (rec, i) {
        var anchor = kind + "-" + (rec.position !== undefined ? rec.position : (rec.id !== undefined ? rec.id : i));
        var m = { kind: kind, record: rec, label: describe(kind, rec), anchor: anchor, spans: spansOf(rec) };
        if (kind === "place") m.alt = "place-" + rec.name;
        byKind[kind].push(m); counts[kind]++;
        m.spans.forEach(function (s) { marks.push({ start: s[0], end: s[1], item: m }); });
      });
    });
    return { marks: marks, byKind: byKind, counts: counts };
  }
  // Split the text at every span boundary; each piece is a text node, wrapped in a <mark>
  // carrying the kinds of every item that covers it.
  function renderHighlighted(node, text, marks) {
    var cuts = { 0: true }; cuts[text.length] = true;
    marks.forEach(function (m) {
      m.start = Math.max(0, Math.min(text.length, m.start)); m.end = Math.max(0, Math.min(text.length, m.end));
      cuts[m.start] = true; cuts[m.end] = true;
    });
    var points = Object.keys(cuts).map(Number).sort(function (a, b) { return a - b; });
    var seen = {};
    for (var i = 0; i + 1 < points.length; i++) {
      var a = points[i], b = points[i + 1];
      if (b <= a) continue;
      var piece = text.slice(a, b);
      var covering = marks.filter(function (m) { return m.start <= a && m.end >= b && m.end > m.start; });
      if (!covering.length) { node.appendChild(document.createTextNode(piece)); continue; }
      var kinds = {}, labels = [];
      covering.forEach(function (m) { kinds[m.item.kind] = true; if (labels.indexOf(m.item.label) < 0) labels.push(m.item.label); });
      var mark = el("mark", { class: "hl " + Object.keys(kinds).map(function (k) { return "hl-" + k; }).join(" "),
        title: labels.join("\n"), text: piece });
      mark.dataset.kinds = Object.keys(kinds).join(" ");
      covering.forEach(function (m) {
        [m.item.anchor, m.item.alt].forEach(function (key) {
          if (key && !seen[key]) { seen[key] = true; mark.dataset.anchor = (mark.dataset.anchor ? mark.dataset.anchor + " " : "") + key; }
        });
      });
      node.appendChild(mark);
    }
  }
  function focusMark(anchor) {
    var marks = document.querySelectorAll("#article-text mark.hl");
    var hit = null;
    Array.prototype.forEach.call(marks, function (m) {
      m.classList.remove("focus");
      if (!hit && (m.dataset.anchor || "").split(" ").indexOf(anchor) >= 0) hit = m;
    });
    if (hit) { hit.classList.add("focus"); hit.scrollIntoView({ block: "center" }); }
  }

  // ---------------------------------------------------------------- entities
  function showEntities(params) {
    var view = clear(document.getElementById("view-entities"));
    var input = el("input", { type: "search", placeholder: "Name or alias", value: params.get("name") || "" });
    var form = el("form", { class: "inline", on: { submit: function (e) { e.preventDefault(); location.hash = route("entities", null, { name: input.value }); } } },
      input, el("button", { type: "submit", text: "Find" }));
    view.appendChild(el("h2", { text: "Entities" }));
    view.appendChild(form);
    var ol = el("ol", { class: "list", id: "entity-list" });
    view.appendChild(ol);
    api("/api/entities", { name: params.get("name"), limit: 200 }).then(function (page) {
      items(page).forEach(function (e) {
        ol.appendChild(el("li", null, el("span", { class: "badge", text: e.type }),
          el("a", { href: route("entity", e.id), text: e.name }),
          (e.aliases || []).length ? el("span", { class: "meta", text: " aka " + e.aliases.join(", ") }) : null,
          e.article_count !== undefined ? el("span", { class: "meta", text: " \u00b7 " + e.article_count + " articles" }) : null));
      });
      if (!items(page).length) ol.appendChild(el("li", { class: "empty", text: "No entities." }));
    }).catch(function (e) { showError(ol, e); });
  }
  function showEntity(id) {
    var view = clear(document.getElementById("view-entity"));
    api("/api/entities/" + encodeURIComponent(id)).then(function (e) {
      var ent = e.entity || e;
      view.appendChild(el("h1", { id: "entity-name" }, el("span", { class: "badge", text: ent.type }), ent.name));
      view.appendChild(el("p", { class: "meta", text: "First seen " + (e.first_seen || "unknown") + " \u00b7 last seen " + (e.last_seen || "unknown") }));
      var cols = el("div", { class: "cols" });
      var aliases = e.aliases || ent.aliases || [];
      cols.appendChild(el("div", null, el("h3", { text: "Aliases (" + aliases.length + ")" }),
        el("ul", null, aliases.map(function (a) { return el("li", { text: typeof a === "string" ? a : a.alias || a.name }); }))));
      var arts = e.articles || [];
      cols.appendChild(el("div", null, el("h3", { text: "Articles (" + arts.length + ")" }),
        el("ol", { class: "list" }, arts.map(function (a) { return articleItem(typeof a === "string" ? { id: a } : a); }))));
      var over = e.mentions_over_time || e.timeline || [];
      if (over.length) cols.appendChild(el("div", null, el("h3", { text: "Mentions over time" }), miniBars(over)));
      var evs = [].concat(e.events_as_source || [], e.events_as_target || [], e.events || []);
      var seenEv = {};
      evs = evs.filter(function (ev) { var k = ev.id !== undefined ? ev.id : JSON.stringify(ev); if (seenEv[k]) return false; seenEv[k] = true; return true; });
      cols.appendChild(el("div", null, el("h3", { text: "Events (" + evs.length + ")" }),
        el("ol", { class: "list" }, evs.map(function (ev) {
          var aid = articleIdOf(ev);
          return el("li", null, el("span", { class: "event-sentence", text: eventSentence(ev) }), " ",
            aid ? el("a", { href: route("article", aid, { hl: "event-" + (ev.position !== undefined ? ev.position : ev.id) }), text: "evidence" }) : null);
        }))));
      var qs = e.quotes || [];
      cols.appendChild(el("div", null, el("h3", { text: "Quotes (" + qs.length + ")" }),
        qs.map(function (q) {
          var aid = articleIdOf(q);
          return el("div", null, el("blockquote", { text: "\u201c" + q.text + "\u201d" }),
            aid ? el("a", { class: "meta", href: route("article", aid, { hl: "quote-" + (q.position !== undefined ? q.position : q.id) }), text: (q.date || "") + " evidence" }) : null);
        })));
      view.appendChild(cols);
    }).catch(function (err) { showError(view, err); });
  }
  function miniBars(rows) {
    var w = 300, h = 80, s = svg("svg", { width: w, height: h, viewBox: "0 0 " + w + " " + h, class: "mini" });
    var vals = rows.map(function (r) { return r.count || r.mentions || 0; });
    var max = Math.max.apply(null, vals.concat([1])), bw = Math.max(2, w / rows.length - 2);
    rows.forEach(function (r, i) {
      var bh = (vals[i] / max) * (h - 14);
      var rect = svg("rect", { x: i * (bw + 2), y: h - 12 - bh, width: bw, height: bh, fill: "#1f5fa8" });
      var t = svg("title"); t.textContent = (r.date || r.period || r.day || "") + ": " + vals[i]; rect.appendChild(t);
      s.appendChild(rect);
    });
    return s;
  }

  // ---------------------------------------------------------------- figures
  function showFigures(params) {
    var view = clear(document.getElementById("view-figures"));
    var metric = el("select", { name: "metric", id: "figure-metric" },
      ["killed", "injured", "displaced", "detained", "missing", "materiel_lost", "deployed", "affected"].map(function (m) {
        var o = el("option", { value: m, text: m }); if (m === (params.get("metric") || "killed")) o.selected = true; return o;
      }));
    var source = el("input", { name: "source", placeholder: "source (who claims it)", value: params.get("source") || "" });
    var object = el("input", { name: "object", placeholder: "object (what is counted)", value: params.get("object") || "" });
    view.appendChild(el("h2", { text: "Figures and claim series" }));
    view.appendChild(el("form", { id: "figures-form", on: { submit: function (e) {
      e.preventDefault(); location.hash = route("figures", null, { metric: metric.value, source: source.value, object: object.value });
    } } }, "Metric ", metric, source, object, el("button", { type: "submit", text: "Show" })));
    var layout = el("div", { class: "figures-layout" });
    var charts = el("div", { id: "claims-charts" });
    var evidence = el("aside", { id: "claim-evidence" },
      el("p", { class: "meta", text: "Click a point for its evidence: the article and the sentence the figure was read from." }));
    var table = el("div", { id: "claims-table" });
    layout.appendChild(charts); layout.appendChild(evidence);
    view.appendChild(layout); view.appendChild(table);
    api("/api/claims", { metric: metric.value, source: source.value, object: object.value }).then(function (rows) {
      var series = claimSeries(rows);
      series.forEach(function (s, i) { charts.appendChild(seriesChart(s, i, evidence)); });
      var t = el("table", { class: "data" }, el("tr", null, ["date", "value", "object", "source", "", "evidence"].map(function (h) { return el("th", { text: h }); })));
      series.forEach(function (s) {
        s.points.forEach(function (p) {
          t.appendChild(el("tr", { class: p.conflict ? "conflict" : "" },
            el("td", { text: p.date || "unknown" }), el("td", { text: (p.lower_bound ? "\u2265 " : "") + fmt(p.value) }),
            el("td", { text: s.object || "" }), el("td", { text: s.source || "" }), el("td", { text: p.conflict ? "conflict" : "" }),
            el("td", null, p.articles[0] ? el("a", { href: route("article", p.articles[0]), text: "article" }) : null)));
        });
      });
      table.appendChild(t);
      if (!series.length) charts.appendChild(el("p", { class: "empty", text: "No figures for this metric." }));
    }).catch(function (e) { showError(charts, e); });
  }
  // /api/claims rows (grouped by series, oldest first) -> one series per source and object, with a
  // point per value: a day whose articles disagree has several.
  function claimSeries(rows) {
    var byKey = {}, out = [];
    (Array.isArray(rows) ? rows : []).forEach(function (r) {
      var key = (r.source || "") + "\u0000" + (r.object || "");
      var s = byKey[key];
      if (!s) { s = byKey[key] = { source: r.source, object: r.object, metric: r.metric, points: [] }; out.push(s); }
      var values = Array.isArray(r.values) && r.values.length ? r.values : [r.value];
      values.forEach(function (v) {
        s.points.push({ date: r.date, value: v, conflict: !!r.conflict, conflicts: r.conflicts || [], lower_bound: !!r.lower_bound,
          figures: r.figures || [], articles: r.articles || [] });
      });
    });
    return out;
  }
  function seriesTitle(s) {
    return (s.source || "unknown source") + " \u2014 " + String(s.metric || "").replace(/_/g, " ") + (s.object ? " (" + s.object + ")" : "");
  }
  // One chart per series: values over time, conflicting days ringed in red, each point a button
  // that shows its evidence.
  function seriesChart(s, index, evidenceBox) {
    var pts = s.points.filter(function (p) { return dayOf(p.date) && typeof p.value === "number"; });
    var conflicts = {};
    pts.forEach(function (p) { if (p.conflict) conflicts[p.date] = true; });
    var days = {};
    pts.forEach(function (p) { days[p.date] = true; });
    var nConf = Object.keys(conflicts).length;
    var box = el("figure", { class: "claims-series", dataset: { series: index } },
      el("figcaption", null, el("b", { text: seriesTitle(s) }),
        el("span", { class: "meta", text: " \u00b7 " + Object.keys(days).length + " date" + (Object.keys(days).length === 1 ? "" : "s") +
          (nConf ? " \u00b7 " + nConf + " with conflicting figures" : "") })));
    if (!pts.length) { box.appendChild(el("p", { class: "empty", text: "No dated values." })); return box; }
    var W = 760, H = 210, L0 = 78, R = 16, T = 12, B = 26;
    var chart = svg("svg", { class: "chart claims-chart", viewBox: "0 0 " + W + " " + H, role: "img", "aria-label": seriesTitle(s) });
    var t0 = Date.parse(pts[0].date) - DAY, t1 = Date.parse(pts[pts.length - 1].date) + DAY;
    var vals = pts.map(function (p) { return p.value; });
    var vmin = Math.min.apply(null, vals), vmax = Math.max.apply(null, vals);
    var pad = (vmax - vmin) * 0.15 || Math.abs(vmax) * 0.1 || 1;
    var lo = Math.max(0, vmin - pad), hi = vmax + pad;
    var x = function (d) { return L0 + (Date.parse(d) - t0) / (t1 - t0) * (W - L0 - R); };
    var y = function (v) { return H - B - (v - lo) / (hi - lo) * (H - B - T); };
    for (var k = 0; k <= 3; k++) {
      var v = lo + (hi - lo) * k / 3;
      chart.appendChild(svg("line", { x1: L0, x2: W - R, y1: y(v), y2: y(v), stroke: "#eee" }));
      var lt = svg("text", { x: L0 - 6, y: y(v) + 4, "text-anchor": "end" }); lt.textContent = fmt(Math.round(v)); chart.appendChild(lt);
    }
    Object.keys(conflicts).forEach(function (d) {
      chart.appendChild(svg("line", { class: "conflict-day", x1: x(d), x2: x(d), y1: T, y2: H - B }));
    });
    // Values of one day side by side (a few pixels apart) so that each stays clickable.
    var perDay = {}, px = [];
    pts.forEach(function (p) { perDay[p.date] = (perDay[p.date] || 0) + 1; });
    var seen = {};
    pts.forEach(function (p, i) {
      var k = seen[p.date] = (seen[p.date] || 0) + 1;
      px[i] = x(p.date) + (k - 1 - (perDay[p.date] - 1) / 2) * 12;
    });
    chart.appendChild(svg("polyline", { points: pts.map(function (p, i) { return px[i] + "," + y(p.value); }).join(" "),
      fill: "none", stroke: "#1f5fa8", "stroke-width": 1.5 }));
    pts.forEach(function (p, i) {
      var c = svg("circle", { class: "point" + (p.conflict ? " conflicting" : ""), cx: px[i], cy: y(p.value), r: 5, tabindex: 0, role: "button" });
      c.dataset.date = p.date; c.dataset.value = String(p.value);
      var tt = svg("title"); tt.textContent = p.date + ": " + (p.lower_bound ? "at least " : "") + fmt(p.value) +
        (p.conflict ? " \u2014 conflict: " + p.conflicts.join("; ") : "") + " (click for the evidence)"; c.appendChild(tt);
      var open = function () { showClaimEvidence(evidenceBox, s, p, c); };
      c.addEventListener("click", open);
      c.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); open(); } });
      chart.appendChild(c);
      if (p.conflict) chart.appendChild(svg("circle", { class: "conflict", cx: px[i], cy: y(p.value), r: 9 }));
    });
    var dates = Object.keys(days).sort();
    [dates[0], dates[dates.length - 1]].filter(function (d, i, a) { return a.indexOf(d) === i; }).forEach(function (d, i) {
      var tx = svg("text", { x: x(d), y: H - 8, "text-anchor": i ? "end" : "start" }); tx.textContent = d; chart.appendChild(tx);
    });
    box.appendChild(chart);
    return box;
  }
  // The evidence of one point: each figure behind it, its article and the sentence, the number marked.
  function showClaimEvidence(box, s, p, circle) {
    Array.prototype.forEach.call(document.querySelectorAll("#claims-charts circle.selected"), function (c) { c.classList.remove("selected"); });
    if (circle) circle.classList.add("selected");
    clear(box);
    box.appendChild(el("h3", { id: "claim-evidence-title", text: seriesTitle(s) + ": " + (p.lower_bound ? "at least " : "") + fmt(p.value) + " on " + p.date }));
    if (p.conflict) box.appendChild(el("p", { class: "warn", text: "\u26a0 conflict: " + p.conflicts.join("; ") }));
    var ul = el("ul", { class: "list", id: "claim-evidence-list" }, el("li", { class: "meta", text: "Loading\u2026" }));
    box.appendChild(ul);
    Promise.all(p.figures.slice(0, 30).map(function (id) {
      return api("/api/figures/" + encodeURIComponent(id)).catch(function () { return null; });
    })).then(function (figs) {
      clear(ul);
      figs.filter(function (f) { return f && f.value === p.value; }).forEach(function (f) {
        var art = f.article || {};
        var link = { hl: "figure-" + f.position };
        if (f.span && f.span.length === 2) { link.start = f.span[0]; link.end = f.span[1]; }
        ul.appendChild(el("li", { class: "claim-evidence" },
          el("span", { class: "date", text: f.date || "undated" }),
          el("a", { class: "evidence", href: route("article", f.article_id, link), text: art.title || (art.source ? art.source + " article" : "article " + f.article_id) }),
          art.source ? el("span", { class: "meta", text: " \u2014 " + art.source }) : null,
          f.source ? el("span", { class: "meta", text: " \u00b7 according to " + f.source }) : null,
          sentenceNode(f)));
      });
      if (!ul.firstChild) ul.appendChild(el("li", { class: "empty", text: "No evidence found." }));
    });
  }
  // The figure's sentence with the number as written marked (spans are offsets into the article text).
  function sentenceNode(f) {
    var q = el("blockquote", { class: "claim-sentence" });
    var text = typeof f.sentence === "string" ? f.sentence : "";
    var ss = f.sentence_span || [0, 0], sp = f.span || [0, 0];
    var a = sp[0] - ss[0], b = sp[1] - ss[0];
    if (text && a >= 0 && b <= text.length && b > a) {
      append(q, [text.slice(0, a), el("mark", { text: text.slice(a, b) }), text.slice(b)]);
    } else {
      q.textContent = text;
    }
    return q;
  }

  // ---------------------------------------------------------------- brief
  // Every line links to its evidence: #/article/ID?hl=ANCHOR&start=S&end=E (the span is highlighted).
  function evidenceLink(articleId, hl, span, label, cls) {
    if (!articleId) return null;
    var p = {};
    if (hl) p.hl = hl;
    if (span && span.length === 2 && typeof span[0] === "number" && typeof span[1] === "number") { p.start = span[0]; p.end = span[1]; }
    return el("a", { class: cls || "evidence", href: route("article", articleId, p), title: "Evidence in article " + articleId, text: label || "evidence" });
  }
  function shiftDay(d, n) { var t = Date.parse(d + "T00:00:00Z"); return isNaN(t) ? null : new Date(t + n * DAY).toISOString().slice(0, 10); }
  function figureWords(x) {
    var num = (x.text && String(x.text).trim()) || fmt(x.value);
    if (x.high !== null && x.high !== undefined && x.high !== x.value && !x.text) num += "\u2013" + fmt(x.high);
    return [x.bound, num, String(x.metric || "").replace(/_/g, " ") + (x.object ? " (" + x.object + ")" : "")].filter(Boolean).join(" ");
  }
  function pointWords(pt) {
    if (!pt) return "\u2014";
    return (pt.lower_bound ? "at least " : "") + (pt.values || [pt.value]).map(fmt).join(" / ") + " (" + (pt.date || "unknown date") + ")";
  }
  function showBrief(params) {
    var view = clear(document.getElementById("view-brief"));
    var date = params.get("date") || "";
    var picker = el("input", { type: "date", id: "brief-date", value: date, "aria-label": "Day of the brief" });
    var go = function (d) { if (d) location.hash = route("brief", null, { date: d }); };
    var prev = el("button", { type: "button", id: "brief-prev", text: "\u25c0 Previous day" });
    var next = el("button", { type: "button", id: "brief-next", text: "Next day \u25b6" });
    picker.addEventListener("change", function () { go(picker.value); });
    view.appendChild(el("h2", { id: "brief-title", text: "Latest developments" }));
    view.appendChild(el("form", { id: "brief-form", on: { submit: function (e) { e.preventDefault(); go(picker.value); } } },
      "Day ", picker, prev, next, el("span", { class: "meta", id: "brief-summary" })));
    var storiesBox = el("ol", { class: "stories", id: "brief-stories" });
    var figsBox = el("div", { id: "brief-figures" });
    view.appendChild(storiesBox); view.appendChild(figsBox);
    storiesBox.appendChild(el("li", { class: "meta", text: "Loading\u2026" }));
    api("/api/brief", { date: date }).then(function (b) {
      var period = b.period || {};
      var day = period.date || date;
      picker.value = day || "";
      document.getElementById("brief-title").textContent = "Latest developments \u2014 " + (day || (period.since + " to " + period.until));
      prev.addEventListener("click", function () { go(shiftDay(day, -1)); });
      next.addEventListener("click", function () { go(shiftDay(day, 1)); });
      var c = b.counts || {};
      document.getElementById("brief-summary").textContent = b.message ? "" :
        " " + (c.stories || 0) + " stories from " + (c.articles || 0) + " articles" +
        (c.stories_shown < c.stories ? " (top " + c.stories_shown + " shown)" : "") + "; novelty against " + (period.previous_day || "the day before");
      clear(storiesBox);
      (b.stories || []).forEach(function (s) { storiesBox.appendChild(storyItem(s)); });
      if (!(b.stories || []).length) storiesBox.appendChild(el("li", { class: "empty", text: b.message || "No stories for this day." }));
      figuresSinceYesterday(figsBox, b.figures || []);
    }).catch(function (e) { showError(storiesBox, e); });
  }
  function storyItem(s) {
    var lead = s.lead || {};
    var why = (s.independent_sources || 0) + " independent source(s)" + ((s.event_types || []).length ? ", " + s.event_types.join(", ") : "") +
      (s.casualties ? ", " + fmt(s.casualties) + " killed/injured" : "") +
      (typeof s.novelty === "number" ? ", novelty " + Math.round(s.novelty * 100) + "%" : "") + ", score " + s.score;
    var detail = el("ul", { class: "detail" });
    if ((s.figures || []).length) {
      detail.appendChild(el("li", { class: "brief-figures" }, el("b", { text: "Figures: " }), s.figures.map(function (x, i) {
        return el("span", { class: "brief-figure" + (x.conflict ? " conflict" : "") }, i ? "; " : "", figureWords(x),
          x.source ? el("span", { class: "meta", text: " \u2014 according to " + x.source }) : null,
          x.conflict ? el("span", { class: "warn", text: " \u26a0 conflicting values" }) : null, " ",
          evidenceLink(x.article_id, x.hl, x.span));
      })));
    }
    if ((s.places || []).length) {
      detail.appendChild(el("li", { class: "brief-places" }, el("b", { text: "Places: " }), s.places.map(function (p, i) {
        return el("span", null, i ? ", " : "", evidenceLink(p.article_id, p.hl, null, p.name, "place"));
      })));
    }
    if (s.quote) {
      var q = s.quote;
      detail.appendChild(el("li", { class: "brief-quote" }, el("b", { text: "Quote: " }),
        el("q", { text: q.text }), " \u2014 " + (q.speaker || "unknown speaker") + " ", evidenceLink(q.article_id, q.hl, q.span)));
    }
    var arts = s.articles || [];
    detail.appendChild(el("li", { class: "brief-articles" }, el("b", { text: "Articles (" + arts.length + "): " }), arts.map(function (a, i) {
      return el("span", null, i ? "; " : "", a.date ? el("span", { class: "date", text: a.date }) : null,
        a.source ? a.source + ": " : "", el("a", { href: route("article", a.id), text: a.title || a.id }));
    })));
    return el("li", { class: "story", dataset: { rank: s.rank, story: s.id } },
      el("p", { class: "lead" }, el("span", { class: "lead-text", text: String(lead.text || "").replace(/\s+/g, " ").trim() }), " ",
        evidenceLink(lead.article_id, lead.hl, lead.span, "evidence", "evidence lead-link")),
      el("p", { class: "meta why", text: why }), detail);
  }
  function figuresSinceYesterday(box, rows) {
    clear(box);
    box.appendChild(el("h3", { text: "Figures since yesterday (" + rows.length + ")" }));
    if (!rows.length) { box.appendChild(el("p", { class: "empty", text: "No figures in this period." })); return; }
    var t = el("table", { class: "data", id: "brief-figures-table" }, el("tr", null,
      ["Source", "Metric", "Object", "Before", "Latest", "Change", "Evidence", "Note"].map(function (h) { return el("th", { text: h }); })));
    rows.forEach(function (x) {
      var cur = x.current || {};
      var change = x.change !== null && x.change !== undefined ? (x.change > 0 ? "+" : "") + fmt(x.change) : (x.previous ? "unknown" : "new");
      t.appendChild(el("tr", { class: x.conflict ? "conflict" : "" },
        el("td", { text: x.source || "" }), el("td", { text: x.metric || "" }), el("td", { text: x.object || "" }),
        el("td", { text: pointWords(x.previous) }), el("td", { text: pointWords(cur) }), el("td", { text: change }),
        el("td", null, (cur.evidence || []).slice(0, 3).map(function (ev, i) {
          return el("span", null, i ? " " : "", evidenceLink(ev.article_id, ev.hl, ev.span, String(ev.article_id).slice(0, 8)));
        })),
        el("td", null, x.conflict ? el("span", { class: "warn", text: "\u26a0 conflict: " + (x.conflicts || []).join("; ") } ) : null)));
    });
    box.appendChild(t);
  }

  // ---------------------------------------------------------------- search
  function showSearch(params) {
    var view = clear(document.getElementById("view-search"));
    var qtext = params.get("q") || "";
    document.getElementById("search-input").value = qtext;
    view.appendChild(el("h2", { text: "Articles matching \u201c" + qtext + "\u201d" }));
    var ol = el("ol", { class: "list", id: "search-results" });
    view.appendChild(ol);
    api("/api/articles", { q: qtext, limit: 100 }).then(function (page) {
      items(page).forEach(function (a) { ol.appendChild(articleItem(a, a.snippet)); });
      if (!items(page).length) ol.appendChild(el("li", { class: "empty", text: "No matching articles." }));
    }).catch(function (e) { showError(ol, e); });
  }

  // ---------------------------------------------------------------- router
  function show(name) {
    Array.prototype.forEach.call(document.querySelectorAll(".view"), function (v) { v.hidden = v.id !== "view-" + name; });
    Array.prototype.forEach.call(document.querySelectorAll("nav a"), function (a) { a.classList.toggle("active", a.dataset.view === name); });
  }
  function onRoute() {
    var h = location.hash.replace(/^#\/?/, "");
    var qi = h.indexOf("?");
    var path = qi >= 0 ? h.slice(0, qi) : h, params = new URLSearchParams(qi >= 0 ? h.slice(qi + 1) : "");
    var parts = path.split("/").map(decodeURIComponent);
    var view = parts[0] || "map";
    window.scrollTo(0, 0);
    if (view === "article" && parts[1]) { show("article"); showArticle(parts[1], params); }
    else if (view === "entity" && parts[1]) { show("entity"); showEntity(parts[1]); }
    else if (view === "entities") { show("entities"); showEntities(params); }
    else if (view === "figures") { show("figures"); showFigures(params); }
    else if (view === "search") { show("search"); showSearch(params); }
    else if (view === "brief") { show("brief"); showBrief(params); }
    else { show("map"); if (state.map) { state.map.invalidateSize(); } }
  }

  function start() {
    document.getElementById("search-form").addEventListener("submit", function (e) {
      e.preventDefault();
      location.hash = route("search", null, { q: document.getElementById("search-input").value });
    });
    document.getElementById("clear-range").addEventListener("click", function () { setRange(null); });
    window.addEventListener("hashchange", onRoute);
    api("/api/config").then(function (cfg) { state.config = cfg || {}; }).catch(function () {}).then(function () {
      initMap();
      onRoute();
      api("/api/stats").then(function (s) {
        document.getElementById("stats").textContent = statsLine(s);
      }).catch(function () {});
      return Promise.all([apiAll("/api/events"), apiAll("/api/places")]);
    }).then(function (res) {
      state.events = res[0]; state.places = res[1];
      drawTimeline(); refreshMap(); refreshLists();
      document.body.dataset.ready = "1";
      window.addEventListener("resize", function () { drawTimeline(); });
    }).catch(function (e) {
      showError(document.getElementById("event-list"), e);
      document.body.dataset.ready = "error";
    });
  }
  start();
})();
