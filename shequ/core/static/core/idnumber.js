// The resident ID number (GB 11643) read as it is typed: an input with data-id-number fills
// the birth date and gender named by data-birth-field and data-gender-field, and shows what
// is wrong (length, format, date, check digit) next to the field; a form whose ID number is
// wrong is not sent. The messages come from the server's translations (data-msg-*); the server
// checks the number again (shequ/core/idnumber.py).
(function () {
  var WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  var CHECK = "10X98765432";

  function normalize(value) {
    return value.replace(/[\uFF01-\uFF5E]/g, function (ch) {
      return String.fromCharCode(ch.charCodeAt(0) - 0xFEE0);
    }).replace(/[\s\u3000]/g, "").toUpperCase();
  }

  function read(value) {
    var n = normalize(value);
    if (n.length !== 18) { return { problem: "length", n: n.length }; }
    if (!/^\d{17}[\dX]$/.test(n)) { return { problem: "format" }; }
    var y = +n.slice(6, 10), m = +n.slice(10, 12), d = +n.slice(12, 14);
    var born = new Date(Date.UTC(y, m - 1, d));
    if (born.getUTCFullYear() !== y || born.getUTCMonth() !== m - 1 || born.getUTCDate() !== d ||
        y < 1880 || born.getTime() > Date.now()) { return { problem: "date" }; }
    var total = 0;
    for (var i = 0; i < 17; i++) { total += (+n[i]) * WEIGHTS[i]; }
    if (CHECK[total % 11] !== n[17]) { return { problem: "checksum" }; }
    return { birth: n.slice(6, 10) + "-" + n.slice(10, 12) + "-" + n.slice(12, 14),
             gender: (+n[16]) % 2 === 1 ? "M" : "F" };
  }

  function note(input) {
    var id = input.id + "_idcheck";
    var el = document.getElementById(id);
    if (!el) {
      el = document.createElement("span");
      el.id = id;
      el.setAttribute("aria-live", "polite");
      el.setAttribute("data-testid", "id-number-check");
      input.insertAdjacentElement("afterend", el);
      var described = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
      described.push(id);
      input.setAttribute("aria-describedby", described.join(" "));
    }
    return el;
  }

  function show(input, text, isError) {
    var el = note(input);
    el.textContent = text;
    el.className = isError ? "errorlist field-errors id-error" : "id-derived";
    if (isError) { input.setAttribute("aria-invalid", "true"); }
    else if (!input.closest(".has-error")) { input.removeAttribute("aria-invalid"); }
  }

  function check(input, final) {
    var value = input.value;
    if (!normalize(value)) { show(input, "", false); return true; }
    var info = read(value);
    if (info.problem) {
      // while typing, a short number is not yet wrong
      if (!final && info.problem === "length" && info.n < 18) { show(input, "", false); return true; }
      var message = input.getAttribute("data-msg-" + info.problem) || "";
      show(input, message.replace("{n}", info.n), true);
      return false;
    }
    var birth = document.getElementById(input.getAttribute("data-birth-field") || "");
    var gender = document.getElementById(input.getAttribute("data-gender-field") || "");
    if (birth) { birth.value = info.birth; }
    if (gender) { gender.value = info.gender; }
    var said = input.getAttribute(info.gender === "M" ? "data-male" : "data-female") || info.gender;
    show(input, (input.getAttribute("data-msg-filled") || "")
      .replace("{date}", info.birth).replace("{gender}", said), false);
    return true;
  }

  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("input[data-id-number]")) { check(event.target, false); }
  });
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("input[data-id-number]")) { check(event.target, true); }
  });
  document.addEventListener("submit", function (event) {
    var inputs = event.target.querySelectorAll("input[data-id-number]");
    for (var i = 0; i < inputs.length; i++) {
      if (!check(inputs[i], true)) { event.preventDefault(); inputs[i].focus(); return; }
    }
  }, true);
})();
