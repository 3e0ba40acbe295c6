/* Copy a script's words to the clipboard (the script library's 复制 buttons); on a
   plain-HTTP LAN address, where the clipboard API is missing, through a hidden field. */
window.huifangCopy = window.huifangCopy || function (button) {
  var text = button.getAttribute("data-text") || "";
  var label = button.getAttribute("data-label") || button.textContent;
  button.setAttribute("data-label", label);
  var done = function () {
    button.textContent = button.getAttribute("data-done") || label;
    setTimeout(function () { button.textContent = label; }, 1500);
  };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).then(done);
    return;
  }
  var area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.appendChild(area);
  area.select();
  try { document.execCommand("copy"); done(); } finally { document.body.removeChild(area); }
};

/* Take a script as the answer given on an inbound call (来电 答复): its words into the
   answer box, to be reworded there, and its key kept with the call. */
window.huifangUse = window.huifangUse || function (button) {
  var answer = document.getElementById("answer");
  var key = document.getElementById("answer-key");
  if (answer) { answer.value = button.getAttribute("data-text") || ""; answer.focus(); }
  if (key) { key.value = button.getAttribute("data-key") || ""; }
};
