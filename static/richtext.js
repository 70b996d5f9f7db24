/* The console's rich text fields (district_site/core/richtext.py, RichTextarea): each plain
   textarea, which works without script, becomes a Trix editor (static/vendor/trix) here. The
   editor starts from the stored HTML, not the textarea's plain paragraphs, and sends HTML back
   with <name>__format=html so the server knows it is not plain text. Whatever it sends, the
   server's allow-list (nh3) decides what is kept. */
(function () {
  "use strict";
  if (!window.Trix) {
    return;
  }
  var blocks = Trix.config.blockAttributes;
  // Paragraphs, not Trix's default <div>s: the allow-list keeps <p>, and citizens' pages style it.
  blocks["default"].tagName = "p";
  blocks["default"].breakOnReturn = true;
  ["h2", "h3", "h4"].forEach(function (tag) {
    blocks["heading" + tag.charAt(1)] = { tagName: tag, terminal: true, breakOnReturn: true, group: false };
  });
  // No captions under photos: the allow-list keeps no <figcaption>, so its text would stray.
  Trix.config.attachments.preview.caption = { name: false, size: false };

  // Files dropped or pasted into the editor would need an upload Trix does not do here; photos
  // come from the district's library, where they were checked and stripped of their metadata.
  document.addEventListener("trix-file-accept", function (event) {
    event.preventDefault();
  });

  function hidden(name, value) {
    var input = document.createElement("input");
    input.type = "hidden";
    input.name = name;
    input.value = value;
    return input;
  }

  function showPhotos(box, library, editor) {
    var status = library.querySelector(".richtext-library-status");
    var list = library.querySelector(".richtext-photos");
    if (list.dataset.loaded) {
      return;
    }
    status.textContent = status.dataset.loading;
    fetch(box.dataset.photosUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (data) {
        list.dataset.loaded = "1";
        status.textContent = data.photos.length ? "" : status.dataset.empty;
        data.photos.forEach(function (photo) {
          var item = document.createElement("li");
          var choose = document.createElement("button");
          choose.type = "button";
          var thumb = document.createElement("img");
          thumb.src = photo.thumb;
          thumb.alt = "";
          choose.appendChild(thumb);
          choose.appendChild(document.createTextNode(photo.label));
          choose.addEventListener("click", function () {
            var image = document.createElement("img");
            image.src = photo.src;
            image.alt = "";
            editor.editor.insertHTML(image.outerHTML);
            library.hidden = true;
            editor.focus();
          });
          item.appendChild(choose);
          list.appendChild(item);
        });
      })
      .catch(function () {
        status.textContent = status.dataset.failed;
      });
  }

  function upgrade(box) {
    var name = box.dataset.richtext;
    var textarea = box.querySelector("textarea");
    var stored = box.querySelector("input[type=hidden]");
    var id = textarea.id || "richtext-" + name;

    var value = hidden(name, stored.value);
    value.id = id + "-html";
    var toolbar = document.createElement("trix-toolbar");
    toolbar.id = id + "-toolbar";
    toolbar.appendChild(box.querySelector("template.richtext-toolbar").content.cloneNode(true));
    var editor = document.createElement("trix-editor");
    editor.setAttribute("input", value.id);
    editor.setAttribute("toolbar", toolbar.id);
    editor.className = "trix-content";
    if (textarea.getAttribute("aria-describedby")) {
      editor.setAttribute("aria-describedby", textarea.getAttribute("aria-describedby"));
    }
    if (textarea.getAttribute("aria-invalid")) {
      editor.setAttribute("aria-invalid", textarea.getAttribute("aria-invalid"));
    }
    // The editor takes the textarea's id, so its <label for> still points at the field, and is
    // named by that label for screen readers (which do not all follow <label for> to it).
    textarea.remove();
    editor.id = id;
    var label = document.querySelector('label[for="' + id + '"]');
    if (label) {
      label.id = label.id || id + "-label";
      editor.setAttribute("aria-labelledby", label.id);
    }
    box.appendChild(value);
    box.appendChild(hidden(name + "__format", "html"));
    box.appendChild(toolbar);
    box.appendChild(editor);

    var photo = toolbar.querySelector(".richtext-photo");
    var library = toolbar.querySelector(".richtext-library");
    if (photo && library) {
      photo.addEventListener("click", function () {
        library.hidden = !library.hidden;
        photo.setAttribute("aria-expanded", String(!library.hidden));
        if (!library.hidden) {
          showPhotos(box, library, editor);
        }
      });
      library.querySelector(".richtext-library-close").addEventListener("click", function () {
        library.hidden = true;
        photo.setAttribute("aria-expanded", "false");
        editor.focus();
      });
    }
  }

  function start() {
    document.querySelectorAll("[data-richtext]").forEach(upgrade);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
