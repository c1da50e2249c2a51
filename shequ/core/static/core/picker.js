// The searchable picker (shequ/core/pickers.py): type a name (characters, pinyin, initials),
// move with the arrow keys, Enter or a tap chooses, Escape closes. The chosen ids go in hidden
// inputs under the field's name; the server checks them against the user's reach.
(function () {
  "use strict";
  var DELAY = 200;
  var counter = 0;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text) { node.textContent = text; }
    return node;
  }

  function setup(root) {
    if (root.hasAttribute("data-ready")) { return; }
    root.setAttribute("data-ready", "");
    var input = root.querySelector("[data-search]");
    var list = root.querySelector('[role="listbox"]');
    var status = root.querySelector("[data-status]");
    var detail = root.querySelector("[data-detail]");
    var hidden = root.querySelector("[data-value]");
    var chosen = root.querySelector("[data-chosen]");
    var multiple = root.hasAttribute("data-multiple");
    var name = root.getAttribute("data-name");
    var results = [];
    var active = -1;
    var timer = null;
    var asked = 0;
    var prefix = "picker-" + (++counter);

    function open(yes) {
      list.hidden = !yes;
      input.setAttribute("aria-expanded", yes ? "true" : "false");
      if (!yes) { input.removeAttribute("aria-activedescendant"); active = -1; }
    }

    function highlight(index) {
      var items = list.querySelectorAll('[role="option"]');
      if (!items.length) { return; }
      active = (index + items.length) % items.length;
      items.forEach(function (item, i) { item.setAttribute("aria-selected", i === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    }

    function isChosen(value) {
      return chosen && chosen.querySelector('input[value="' + CSS.escape(value) + '"]');
    }

    function addChip(option) {
      if (isChosen(option.value)) { return; }
      var li = el("li");
      var field = el("input");
      field.type = "hidden"; field.name = name; field.value = option.value;
      var remove = el("button", "secondary", "×");
      remove.type = "button";
      remove.setAttribute("data-remove", "");
      remove.setAttribute("aria-label", root.getAttribute("data-remove-label") + " " + option.label);
      li.append(field, el("span", "", option.label), " ", el("small", "", option.detail), " ", remove);
      chosen.appendChild(li);
    }

    function choose(index) {
      var option = results[index];
      if (!option) { return; }
      if (multiple) {
        addChip(option);
        input.value = "";
        status.textContent = option.label;
      } else {
        hidden.value = option.value;
        input.value = option.label;
        detail.textContent = option.detail;
      }
      open(false);
      input.focus();
    }

    function show(found) {
      results = found;
      list.textContent = "";
      if (!found.length) {
        list.appendChild(el("li", "picker-empty", root.getAttribute("data-empty-label")));
      }
      found.forEach(function (option, i) {
        var item = el("li");
        item.id = prefix + "-" + i;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        if (multiple && isChosen(option.value)) { item.className = "picked"; }
        item.append(el("span", "", option.label), " ", el("small", "", option.detail));
        // mousedown keeps the focus in the text box; click (or tap) chooses
        item.addEventListener("mousedown", function (event) { event.preventDefault(); });
        item.addEventListener("click", function () { choose(i); });
        list.appendChild(item);
      });
      status.textContent = found.length + " " + root.getAttribute("data-results-label");
      open(true);
      if (found.length) { highlight(0); }
    }

    function search() {
      timer = null;
      var q = input.value.trim();
      if (!q) { results = []; open(false); return; }
      var ticket = ++asked;
      fetch(root.getAttribute("data-url") + "q=" + encodeURIComponent(q), {
        headers: { "Accept": "application/json" }, credentials: "same-origin"
      }).then(function (response) {
        return response.ok ? response.json() : { results: [] };
      }).then(function (data) {
        if (ticket === asked) { show(data.results || []); }
      }).catch(function () { if (ticket === asked) { show([]); } });
    }

    input.addEventListener("input", function () {
      if (!multiple) { hidden.value = ""; detail.textContent = ""; }
      clearTimeout(timer);
      timer = setTimeout(search, DELAY);
    });
    input.addEventListener("keydown", function (event) {
      var expanded = !list.hidden && results.length;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (expanded) { highlight(active + 1); } else { search(); }
      } else if (event.key === "ArrowUp") {
        if (expanded) { event.preventDefault(); highlight(active - 1); }
      } else if (event.key === "Enter") {
        if (!list.hidden) {
          event.preventDefault();  // choosing, not sending the form
          if (active >= 0) { choose(active); }
        } else if (timer && input.value.trim() && (multiple || !hidden.value)) {
          event.preventDefault();  // still searching
        }
      } else if (event.key === "Escape") {
        if (!list.hidden) { event.preventDefault(); open(false); }
      }
    });
    input.addEventListener("blur", function () { setTimeout(function () { open(false); }, 150); });
    if (chosen) {
      chosen.addEventListener("click", function (event) {
        var button = event.target.closest("[data-remove]");
        if (button) { button.closest("li").remove(); input.focus(); }
      });
    }
  }

  function setupAll(scope) {
    (scope || document).querySelectorAll("[data-picker]").forEach(setup);
  }
  document.addEventListener("DOMContentLoaded", function () { setupAll(); });
  document.addEventListener("htmx:afterSwap", function (event) { setupAll(event.detail.target); });
}());
