/* The projects map as a street map: Leaflet and its clustering plugin (our own copies, from npm,
   under static/vendor/) over OpenStreetMap tiles. The server's SVG drawing stays on the page until
   the first tile has arrived, and comes back if none does: without script, offline, or with the
   tile server out of reach, the reader keeps the drawing and the list below it.

   Wide screens load the map at once; a phone (or any reader whose browser asks to save data) gets
   a button instead, since Leaflet and the tiles cost a prepaid phone some 60 KB and more. */
(function () {
  "use strict";

  var data = document.getElementById("live-map-data");
  var box = document.getElementById("live-map");
  var drawing = document.getElementById("map-drawing");
  var status = document.getElementById("live-map-status");
  var button = document.getElementById("live-map-open");
  if (!data || !box || !drawing || !navigator.onLine) {
    return;
  }
  var config = JSON.parse(data.textContent);
  // Give up on the tiles after this long without one, and keep the drawing.
  var TILE_WAIT_MS = 8000;

  function load(tag, attributes) {
    return new Promise(function (resolve, reject) {
      var element = document.createElement(tag);
      Object.keys(attributes).forEach(function (name) {
        element[name] = attributes[name];
      });
      element.onload = resolve;
      element.onerror = reject;
      document.head.appendChild(element);
    });
  }

  function loadLibraries() {
    config.styles.forEach(function (href) {
      load("link", { rel: "stylesheet", href: href });
    });
    // The plugin extends L, so it loads after Leaflet itself.
    return config.scripts.reduce(function (previous, src) {
      return previous.then(function () {
        return load("script", { src: src });
      });
    }, Promise.resolve());
  }

  function popup(project) {
    // Built from elements, never from HTML text: project names are officers' words.
    var wrap = document.createElement("div");
    var link = document.createElement("a");
    link.href = project.url;
    link.textContent = project.name;
    var detail = document.createElement("p");
    detail.textContent = project.label;
    wrap.appendChild(link);
    wrap.appendChild(detail);
    return wrap;
  }

  // Leaflet cancels a tile it no longer wants by pointing it at a data: GIF, which our
  // Content-Security-Policy (img-src without data:) refuses and reports; dropping the src
  // cancels the request just as well.
  function quietTileLayer(L) {
    return L.TileLayer.extend({
      _removeTile: function (key) {
        var tile = this._tiles[key];
        if (!tile) {
          return;
        }
        tile.el.onload = tile.el.onerror = null;
        tile.el.removeAttribute("src");
        return L.GridLayer.prototype._removeTile.call(this, key);
      },
      _abortLoading: function () {
        for (var key in this._tiles) {
          var tile = this._tiles[key];
          if (tile.coords.z !== this._tileZoom && !tile.el.complete) {
            tile.el.onload = tile.el.onerror = null;
            tile.el.removeAttribute("src");
            L.DomUtil.remove(tile.el);
            delete this._tiles[key];
            this.fire("tileabort", { tile: tile.el, coords: tile.coords });
          }
        }
      },
    });
  }

  function draw() {
    var L = window.L;
    var map = null;
    var shown = false;

    function giveUp() {
      if (shown) {
        return;
      }
      shown = true; // no second attempt: the drawing is the answer now
      if (map) {
        map.remove();
      }
      box.hidden = true;
      box.classList.remove("pending");
      drawing.hidden = false;
      status.textContent = box.dataset.offline;
    }

    // Laid out but invisible until a tile proves the server answers.
    box.hidden = false;
    box.classList.add("pending");
    map = L.map(box, { scrollWheelZoom: false });
    var TileLayer = quietTileLayer(L);
    var tiles = new TileLayer(config.tiles, {
      attribution: config.attribution,
      maxZoom: 18,
      // The site's Referrer-Policy is same-origin; the tile server's policy asks for a referrer,
      // so the tiles alone send our origin (never the page's path).
      referrerPolicy: "strict-origin-when-cross-origin",
    });
    tiles.on("tileload", function () {
      if (shown) {
        return;
      }
      shown = true;
      box.classList.remove("pending");
      drawing.hidden = true;
      status.textContent = "";
      map.invalidateSize();
    });
    tiles.addTo(map);

    var bounds = [];
    config.communes.forEach(function (commune) {
      bounds.push([commune.lat, commune.lon]);
      L.circleMarker([commune.lat, commune.lon], {
        radius: 4,
        color: "#555",
        fillColor: "#777",
        fillOpacity: 1,
        interactive: false,
      })
        .bindTooltip(commune.name, { permanent: false })
        .addTo(map);
    });
    var clusters = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40 });
    config.projects.forEach(function (project) {
      bounds.push([project.lat, project.lon]);
      var marker = L.marker([project.lat, project.lon], {
        // 24 by 24 px: the smallest tap target WCAG 2.2 allows (2.5.8).
        icon: L.divIcon({ className: "map-marker " + project.status, iconSize: [24, 24] }),
        title: project.name + ": " + project.label,
        alt: project.name,
        keyboard: true,
      });
      marker.bindPopup(popup(project));
      marker.on("add", function () {
        marker.getElement().dataset.code = project.code;
      });
      clusters.addLayer(marker);
    });
    map.addLayer(clusters);
    map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 });
    window.setTimeout(giveUp, TILE_WAIT_MS);
  }

  function start() {
    button.hidden = true;
    status.textContent = box.dataset.loading;
    loadLibraries().then(draw, function () {
      status.textContent = box.dataset.offline;
    });
  }

  var saveData = navigator.connection && navigator.connection.saveData;
  if (window.matchMedia("(min-width: 48rem)").matches && !saveData) {
    start();
  } else {
    button.hidden = false;
    button.addEventListener("click", start);
  }
})();
