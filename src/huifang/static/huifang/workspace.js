/* The agent workspace from the keyboard (D4, D7). A key presses the visible element
   whose data-hotkey it is: letters for dialling, hanging up and the special
   situations, digits for answers (10 = "1" then "0"), Enter to go on, Backspace to go
   back. Keys are left alone while the agent types in a field, except Esc (leave the
   field) and Ctrl+Enter (submit the form being written). */
(function () {
  "use strict";
  const WAIT_MS = 600;
  let digits = "";
  let pending = null;

  function typing(el) {
    if (!el) return false;
    if (el.tagName === "TEXTAREA" || el.tagName === "SELECT" || el.isContentEditable) return true;
    return el.tagName === "INPUT" && !["radio", "checkbox", "button", "submit"].includes(el.type);
  }

  function visible(el) {
    return !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length) && !el.disabled;
  }

  function withKey(key) {
    const found = Array.from(document.querySelectorAll('[data-hotkey="' + CSS.escape(key) + '"]')).filter(visible);
    return found.length ? found[found.length - 1] : null;  // the innermost panel is last
  }

  function press(key) {
    const el = withKey(key);
    if (!el) return false;
    el.click();
    if (el.type === "radio" || el.type === "checkbox") el.focus();
    return true;
  }

  function digit(d) {
    clearTimeout(pending);
    pending = null;
    digits += d;
    const longer = Array.from(document.querySelectorAll("[data-hotkey]"))
      .filter(visible)
      .some((el) => el.dataset.hotkey.length > digits.length && el.dataset.hotkey.startsWith(digits));
    if (longer) {
      pending = setTimeout(flush, WAIT_MS);
      return;
    }
    const typed = digits;
    digits = "";
    if (!press(typed) && typed.length > 1) press(d);
  }

  // Digits still waiting for a possible second one ("1" of "10") are applied at once,
  // before the key that comes next acts: "1" then Enter answers 1, never the choice
  // before it, and never the next question.
  function flush() {
    clearTimeout(pending);
    pending = null;
    const typed = digits;
    digits = "";
    if (typed) press(typed);
  }

  function forget() {
    clearTimeout(pending);
    pending = null;
    digits = "";
  }

  document.addEventListener("keydown", function (event) {
    if (digits && !/^[0-9]$/.test(event.key)) {
      if (event.key === "Escape") forget(); else flush();
    }
    const el = document.activeElement;
    if (event.key === "Escape") {
      if (typing(el)) el.blur();
      const panel = document.getElementById("situation");
      if (panel) panel.innerHTML = "";
      return;
    }
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && el && el.form) {
      event.preventDefault();
      el.form.requestSubmit();
      return;
    }
    if (typing(el) || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "Enter") {
      if (el && el.tagName === "BUTTON") return;  // the focused button takes it
      if (press("Enter")) event.preventDefault();
      return;
    }
    if (event.key === "Backspace") {
      if (press("Backspace")) event.preventDefault();
      return;
    }
    if (event.key === "/") {
      const search = document.getElementById("script-search");
      if (search) { event.preventDefault(); search.focus(); search.select(); }
      return;
    }
    if (event.key === "i") {
      const note = document.getElementById("note");
      if (note) { event.preventDefault(); note.focus(); }
      return;
    }
    if (event.key === "?") {
      const help = document.getElementById("shortcuts");
      if (help) help.scrollIntoView();
      return;
    }
    if (/^[0-9]$/.test(event.key)) {
      event.preventDefault();
      digit(event.key);
      return;
    }
    if (/^[a-z]$/i.test(event.key) && press(event.key.toLowerCase())) event.preventDefault();
  });

  // Digits typed for a panel never land on the one that replaces it.
  document.addEventListener("htmx:beforeSwap", forget);

  // A request that did not reach the server, or that it refused, is never silent: a
  // red banner says nothing was saved (its words are in the page, translated), and
  // the note says it is not saved. The next request that succeeds takes them away.
  function unsaved(event) {
    const banner = document.getElementById("save-error");
    if (banner) banner.hidden = false;
    const mark = document.getElementById("note-saved");
    if (mark && event.detail.elt && event.detail.elt.id === "note") {
      mark.textContent = mark.dataset.unsaved;
      mark.classList.add("error");
    }
  }
  document.addEventListener("htmx:sendError", unsaved);
  document.addEventListener("htmx:responseError", unsaved);
  document.addEventListener("htmx:afterRequest", function (event) {
    if (!event.detail.successful) return;
    const banner = document.getElementById("save-error");
    if (banner) banner.hidden = true;
    const mark = document.getElementById("note-saved");
    if (mark && event.detail.elt && event.detail.elt.id === "note") mark.classList.remove("error");
  });

  // The time the customer agreed, read out in the reply as the agent picks it:
  // 11月25日15点30分.
  document.addEventListener("input", function (event) {
    const input = event.target;
    if (!input.matches || !input.matches("input[data-callback-time]")) return;
    const panel = input.closest(".situation-panel");
    const out = panel && panel.querySelector(".callback-time");
    if (!out) return;
    const when = input.value ? new Date(input.value) : null;
    if (!when || isNaN(when)) { out.textContent = "……"; return; }
    const minutes = when.getMinutes() ? when.getMinutes() + "分" : "";
    out.textContent = (when.getMonth() + 1) + "月" + when.getDate() + "日" + when.getHours() + "点" + minutes;
  });

  // A swapped panel puts the cursor where the agent works next.
  document.addEventListener("htmx:afterSettle", function (event) {
    const first = event.detail.elt.querySelector("[autofocus]");
    if (first && !typing(document.activeElement)) first.focus();
  });

  // The call timer.
  setInterval(function () {
    document.querySelectorAll(".timer[data-since]").forEach(function (el) {
      const seconds = Math.max(0, Math.floor((Date.now() - Date.parse(el.dataset.since)) / 1000));
      const mm = String(Math.floor(seconds / 60)).padStart(2, "0");
      el.textContent = mm + ":" + String(seconds % 60).padStart(2, "0");
    });
  }, 1000);
})();
