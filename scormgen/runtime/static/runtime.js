/* scormgen learner runtime: one hand-written script for lesson and quiz SCOs.
   Finds the LMS API (SCORM 1.2 or 2004), bookmarks, reports time, completion, score and
   interactions; without an LMS it keeps progress in localStorage. No network request. */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("sco-config").textContent);
  var T = config.text;

  function say(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) { return key in values ? String(values[key]) : all; });
  }
  function $(selector, root) { return (root || document).querySelector(selector); }
  function $$(selector, root) { return Array.prototype.slice.call((root || document).querySelectorAll(selector)); }

  /* ---------- Time formats of each SCORM version ---------- */

  function pad(n, width) { n = String(n); while (n.length < width) n = "0" + n; return n; }
  function split(ms) {
    var cs = Math.max(0, Math.round(ms / 10));
    return { h: Math.floor(cs / 360000), m: Math.floor(cs / 6000) % 60, s: Math.floor(cs / 100) % 60, c: cs % 100 };
  }
  function timespan12(ms) { // CMITimespan HHHH:MM:SS.SS
    var t = split(ms);
    return pad(Math.min(t.h, 9999), 4) + ":" + pad(t.m, 2) + ":" + pad(t.s, 2) + "." + pad(t.c, 2);
  }
  function duration2004(ms) { // ISO 8601 duration
    var t = split(ms);
    return "PT" + t.h + "H" + t.m + "M" + t.s + "." + pad(t.c, 2) + "S";
  }
  function clock(d) { return pad(d.getHours(), 2) + ":" + pad(d.getMinutes(), 2) + ":" + pad(d.getSeconds(), 2); }
  function timestamp(d) { return d.getFullYear() + "-" + pad(d.getMonth() + 1, 2) + "-" + pad(d.getDate(), 2) + "T" + clock(d); }

  /* ---------- What differs between SCORM 1.2 and 2004 ---------- */

  // SCORM 1.2 identifies choices, matching sides and sequence items by single characters.
  var SOURCES = "abcdefghijklmnopqrstuvwxyz0123456789";
  var TARGETS = "123456789abcdefghijklmnopqrstuvwxyz";

  var V12 = {
    name: "1.2", api: "API",
    fn: { init: "LMSInitialize", get: "LMSGetValue", set: "LMSSetValue", commit: "LMSCommit", finish: "LMSFinish",
          error: "LMSGetLastError", message: "LMSGetErrorString" },
    key: { location: "cmi.core.lesson_location", session: "cmi.core.session_time", exit: "cmi.core.exit",
           score: "cmi.core.score.", response: "student_response", when: "time" },
    time: timespan12, when: clock, doneExit: "",
    wrong: "wrong",
    list: ",", pair: ".", range: null, caseless: "", textLimit: 255, longLimit: 255,
    types: { single: "choice", multiple: "choice", short: "fill-in", numerical: "numeric", matching: "matching",
             ordering: "sequencing", essay: "performance", upload: "performance" },
    status: function (lms) {
      var s = lms.get("cmi.core.lesson_status");
      return { fresh: s === "" || s === "not attempted", done: /^(completed|passed|failed)$/.test(s),
               graded: s === "passed" || s === "failed" };
    },
    begin: function (lms) { lms.set("cmi.core.lesson_status", "incomplete"); },
    complete: function (lms, status) { if (!status.graded) lms.set("cmi.core.lesson_status", "completed"); },
    grade: function (lms, passed) { lms.set("cmi.core.lesson_status", passed ? "passed" : "failed"); }
  };
  var V2004 = {
    name: "2004", api: "API_1484_11",
    fn: { init: "Initialize", get: "GetValue", set: "SetValue", commit: "Commit", finish: "Terminate",
          error: "GetLastError", message: "GetErrorString" },
    key: { location: "cmi.location", session: "cmi.session_time", exit: "cmi.exit",
           score: "cmi.score.", response: "learner_response", when: "timestamp" },
    time: duration2004, when: timestamp, doneExit: "normal",
    wrong: "incorrect",
    list: "[,]", pair: "[.]", range: "[:]", caseless: "{case_matters=false}", textLimit: 250, longLimit: 4000,
    types: { single: "choice", multiple: "choice", short: "fill-in", numerical: "numeric", matching: "matching",
             ordering: "sequencing", essay: "long-fill-in", upload: "other" },
    status: function (lms) {
      var c = lms.get("cmi.completion_status"), s = lms.get("cmi.success_status");
      return { fresh: c === "" || c === "unknown" || c === "not attempted", done: c === "completed",
               graded: s === "passed" || s === "failed" };
    },
    begin: function (lms) { lms.set("cmi.completion_status", "incomplete"); },
    complete: function (lms) { lms.set("cmi.completion_status", "completed"); },
    grade: function (lms, passed) {
      lms.set("cmi.completion_status", "completed");
      lms.set("cmi.success_status", passed ? "passed" : "failed");
    }
  };

  /* ---------- Finding and talking to the LMS ---------- */

  function climb(win, name) {
    for (var depth = 0; win && depth < 20; depth++) {
      try { if (win[name]) return win[name]; } catch (e) { return null; } // a cross-origin frame ends the search
      if (!win.parent || win.parent === win) return null;
      win = win.parent;
    }
    return null;
  }
  function findApi(name) {
    var api = climb(window, name);
    try { if (!api && window.top.opener) api = climb(window.top.opener, name); } catch (e) { /* opener closed or foreign */ }
    return api;
  }

  // Standalone mode: a tiny SCORM 2004 API over localStorage, so the rest of the runtime has one code path.
  function localApi(storageKey) {
    var data = {};
    try { data = JSON.parse(localStorage.getItem(storageKey) || "{}") || {}; } catch (e) { data = {}; }
    function store() {
      try { localStorage.setItem(storageKey, JSON.stringify(data)); } catch (e) { /* storage off: progress lasts this visit */ }
      return "true";
    }
    return {
      Initialize: function () { return "true"; },
      GetValue: function (key) { return key === "cmi.interactions._count" ? "0" : (data[key] || ""); },
      // Interactions only matter to an LMS; the learner sees the score on the page.
      SetValue: function (key, value) { if (key.indexOf("cmi.interactions.") !== 0) data[key] = String(value); return "true"; },
      Commit: store, Terminate: store,
      GetLastError: function () { return "0"; }, GetErrorString: function () { return ""; }
    };
  }

  function adapter(api, v, standalone) {
    function failed(result) { return String(result) !== "true"; }
    function report() {
      var code = String(api[v.fn.error]());
      if (code === "0" || code === "") return;
      var message = "";
      try { message = String(api[v.fn.message](code)); } catch (e) { /* optional in some LMSs */ }
      if (window.console) window.console.warn("SCORM error " + code + ": " + message);
      announce(say(T.save_error, { code: code, message: message }));
    }
    return {
      v: v, standalone: standalone,
      init: function () { var ok = !failed(api[v.fn.init]("")); if (!ok) report(); return ok; },
      // Unset elements answer "" with an error code (403 in 2004): not a failure worth showing.
      get: function (key) { var value = api[v.fn.get](key); return value === null || value === undefined ? "" : String(value); },
      set: function (key, value) { if (failed(api[v.fn.set](key, String(value)))) report(); },
      commit: function () { if (failed(api[v.fn.commit](""))) report(); },
      finish: function () { if (failed(api[v.fn.finish](""))) report(); }
    };
  }
  function connect() {
    // A lesson opened from another lesson's link (?consulta=1) is read for reference: the LMS
    // must not take it for the SCO it launched, so it runs standalone.
    var consulting = /[?&]consulta=1(&|$)/.test(window.location.search);
    var v = consulting ? null : findApi(V2004.api) ? V2004 : findApi(V12.api) ? V12 : null;
    if (v) {
      var lms = adapter(findApi(v.api), v, false);
      if (lms.init()) return lms;
    }
    // No LMS, or one that refuses to start: the learner goes on, with progress kept in this browser.
    var local = adapter(localApi("scormgen:" + config.unit + ":" + config.sco), V2004, true);
    local.init();
    return local;
  }

  /* ---------- Page helpers ---------- */

  var statusRegion = document.getElementById("status");
  function announce(message) {
    // Clearing first makes screen readers repeat a message equal to the previous one.
    statusRegion.textContent = "";
    window.setTimeout(function () { statusRegion.textContent = message; }, 30);
  }
  function setProgress(text, fraction) {
    document.getElementById("progress-text").textContent = text;
    document.getElementById("progress-bar").style.width = Math.round(fraction * 100) + "%";
  }
  function focusOn(element) {
    if (!element) return;
    if (!element.hasAttribute("tabindex")) element.setAttribute("tabindex", "-1");
    element.focus();
  }

  // Screens shown one at a time with "Indietro" / "Avanti", an optional list of screens, and a progress line.
  function Pager(sections, options) {
    var prev = $("[data-action=prev]"), next = $("[data-action=next]");
    var listButtons = $$("[data-goto]");
    var pager = { current: 0, sections: sections };
    pager.show = function (index, moveFocus) {
      var sections = pager.sections;
      pager.current = Math.max(0, Math.min(sections.length - 1, index));
      sections.forEach(function (section, i) { section.hidden = i !== pager.current; });
      if (prev) prev.disabled = pager.current === 0 || options.noBack;
      if (next) next.disabled = pager.current === sections.length - 1;
      listButtons.forEach(function (button, i) {
        if (i === pager.current) button.setAttribute("aria-current", "step"); else button.removeAttribute("aria-current");
      });
      options.onShow(pager.current, moveFocus);
      if (moveFocus) focusOn($("h1, h2", sections[pager.current]) || sections[pager.current]);
    };
    if (prev) prev.addEventListener("click", function () { pager.show(pager.current - 1, true); });
    if (next) next.addEventListener("click", function () { pager.show(pager.current + 1, true); });
    listButtons.forEach(function (button, i) { button.addEventListener("click", function () { pager.show(i, true); }); });
    return pager;
  }

  // Hexadecimal bit set: four flags per character keeps suspend_data short.
  function packFlags(flags) {
    var out = "";
    for (var i = 0; i < flags.length; i += 4) {
      out += ((flags[i] ? 1 : 0) | (flags[i + 1] ? 2 : 0) | (flags[i + 2] ? 4 : 0) | (flags[i + 3] ? 8 : 0)).toString(16);
    }
    return out;
  }
  function unpackFlags(text, count) {
    var flags = [];
    for (var i = 0; i < count; i++) flags.push(((parseInt(text.charAt(i >> 2), 16) || 0) >> (i & 3) & 1) === 1);
    return flags;
  }
  function readState(lms) {
    try { return JSON.parse(lms.get("cmi.suspend_data") || "null"); } catch (e) { return null; }
  }

  /* ---------- Lesson SCO ---------- */

  function lesson(lms, status) {
    var sections = $$(".screen"), end = $("#lesson-end");
    var state = readState(lms) || {};
    var seen = unpackFlags(state.s || "", sections.length);
    var listButtons = $$("[data-goto]");
    var announcedDone = seen.indexOf(false) < 0;
    // After the last screen, the end of the lesson: complete, or which screens are left; then what comes next.
    var pager = Pager(sections.concat(end), {
      onShow: function (index, moved) {
        var message;
        if (index === sections.length) {
          var left = seen.filter(function (was) { return !was; }).length;
          message = left ? (left === 1 ? T.end_missing_one : say(T.end_missing, { n: left })) : T.completed;
          $(".end-state", end).textContent = message;
          $(".end-link", end).hidden = !lms.standalone; // in an LMS the next SCO is the LMS's to open
        } else {
          seen[index] = true;
          listButtons[index] && listButtons[index].classList.add("seen");
          message = say(T.screen_of, { current: index + 1, total: sections.length });
          if (!announcedDone && finished()) { announcedDone = true; message += " " + T.completed; }
        }
        setProgress(message, seen.filter(Boolean).length / sections.length);
        announce(message);
        save();
        if (moved) lms.commit(); // the first screen is committed with the start of the session
      }
    });
    seen.forEach(function (was, i) { if (was && listButtons[i]) listButtons[i].classList.add("seen"); });
    function finished() { return seen.indexOf(false) < 0; }
    function save() {
      lms.set(lms.v.key.location, String(pager.current + 1));
      lms.set("cmi.suspend_data", JSON.stringify({ s: packFlags(seen) }));
      if (finished()) lms.v.complete(lms, status);
    }
    // A link to a place (#id) shows the screen that holds it, on arrival and within the page.
    function showPlace() {
      var place = null;
      try { place = document.getElementById(decodeURIComponent(location.hash.slice(1))); } catch (e) { /* not an id */ }
      var index = place && location.hash.length > 1 ? sections.indexOf(place.closest(".screen")) : -1;
      if (index >= 0) { pager.show(index, false); place.scrollIntoView(); }
      return index >= 0;
    }
    window.addEventListener("hashchange", showPlace);
    if (!showPlace()) pager.show((parseInt(lms.get(lms.v.key.location), 10) || 1) - 1, false);
    // Printed, the lesson is a handout: every screen (the styles show them) with its solutions and the
    // glossary open. The button prints this frame, which the browser's own command would not inside an LMS.
    var closed = [];
    window.addEventListener("beforeprint", function () {
      closed = $$("main details:not([open])");
      closed.forEach(function (d) { d.open = true; });
    });
    window.addEventListener("afterprint", function () { closed.forEach(function (d) { d.open = false; }); });
    $("[data-action=print]").addEventListener("click", function () { window.print(); });
    return { save: save, finished: finished };
  }

  /* ---------- Quiz SCO ---------- */

  // Small seeded generator: a resumed attempt shuffles exactly as before.
  function random(seed) {
    return function () {
      seed = (seed + 0x6d2b79f5) | 0;
      var t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  function shuffled(list, rand) {
    var out = list.slice();
    for (var i = out.length - 1; i > 0; i--) { var j = Math.floor(rand() * (i + 1)); var x = out[i]; out[i] = out[j]; out[j] = x; }
    return out;
  }
  function hash(text) { var h = 0; for (var i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0; return h; }
  function normalise(text) { return text.trim().replace(/\s+/g, " ").toLowerCase(); }
  // A number as Italians write it, or null: a comma marks decimals; a point followed by exactly three digits
  // groups thousands (23.000, unless the number starts with 0), by one, two, four or more marks decimals (29.41);
  // the question's unit may follow, with or without a space, in any case (95%, 216 Minuti).
  function readNumber(text, unit) {
    var t = text.trim().replace(/(\d)[\s\u00a0\u202f]+(?=\d)/g, "$1");
    if (unit && t.slice(-unit.length).toLowerCase() === unit.toLowerCase()) t = t.slice(0, -unit.length).trim();
    if (/^[+-]?[1-9]\d{0,2}(\.\d{3})+(,\d+)?$/.test(t)) t = t.replace(/\./g, "");
    else if (!/^[+-]?(\d+([.,]\d+)?|[.,]\d+)$/.test(t)) return null;
    return parseFloat(t.replace(",", "."));
  }
  // A number as Italians read it: at most two decimals, a decimal comma (29,41).
  function num(x) { return String(Math.round(x * 100) / 100).replace(".", ","); }
  // The share of a question's points a total of weights (percentages) earns: 0 to 1.
  function share(percent) { return Math.min(1, Math.max(0, Math.round(percent * 1e5) / 1e7)); }
  function digit(n) { return n.toString(36); }
  function undigit(c) { return parseInt(c, 36); }

  var CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

  // An answer is a short string: choice/item/target positions as base-36 digits ("-" for none), or the text typed.
  // score() gives the share of the points it earns, by the weights of the quiz model (null: graded by a person).
  var kinds = {
    single: {
      read: function (el) { var c = $("input:checked", el); return c ? digit(+c.value) : ""; },
      write: function (el, code) { $$("input", el).forEach(function (i) { i.checked = code.indexOf(digit(+i.value)) >= 0; }); },
      score: function (q, code) {
        return share(code.split("").reduce(function (sum, c) { return sum + q.weights[undigit(c)]; }, 0));
      },
      responses: function (q, code, v) {
        return { learner: code.split("").map(function (c) { return SOURCES.charAt(undigit(c)); }).join(v.list),
                 correct: [q.correct.map(function (i) { return SOURCES.charAt(i); }).join(v.list)] };
      }
    },
    short: {
      read: function (el, q) { var i = $(".answer-input", el); return i.value.replace(CONTROL, "").slice(0, q.limit); },
      write: function (el, code) { $(".answer-input", el).value = code; },
      score: function (q, code) { var i = q.accept.indexOf(normalise(code)); return i < 0 ? 0 : share(q.weights[i]); },
      responses: function (q, code, v) {
        return { learner: code.trim().slice(0, v.textLimit),
                 correct: q.answers.slice(0, 5).map(function (a) { return v.caseless + a.slice(0, v.textLimit); }) };
      }
    },
    numerical: {
      score: function (q, code) {
        var n = readNumber(code, q.unit);
        var hit = n === null ? null : q.ranges.filter(function (r) {
          var slack = 1e-9 * Math.max(1, Math.abs(r[0]), Math.abs(r[1]));
          return n >= r[0] - slack && n <= r[1] + slack;
        })[0];
        return hit ? share(hit[2]) : 0;
      },
      responses: function (q, code, v) {
        var n = readNumber(code, q.unit), r = q.ranges[0];
        return { learner: n === null ? "" : String(n), correct: [v.range ? r[0] + v.range + r[1] : String(q.value)] };
      }
    },
    matching: {
      read: function (el) { return $$("select", el).map(function (s) { return s.value === "" ? "-" : digit(+s.value); }).join(""); },
      write: function (el, code) { $$("select", el).forEach(function (s, i) { var c = code.charAt(i); s.value = c && c !== "-" ? String(undigit(c)) : ""; }); },
      score: function (q, code) { return +q.match.every(function (t, i) { return code.charAt(i) === digit(t); }); },
      responses: function (q, code, v) {
        function pairs(targets) {
          return targets.map(function (t, i) { return t < 0 ? null : SOURCES.charAt(i) + v.pair + TARGETS.charAt(t); })
            .filter(Boolean).join(v.list);
        }
        return { learner: pairs(code.split("").map(function (c) { return c === "-" ? -1 : undigit(c); })), correct: [pairs(q.match)] };
      }
    },
    // The shuffled order is no answer: an ordering is answered once the learner has moved an item.
    ordering: {
      read: function (el) {
        return el.hasAttribute("data-touched") ? $$("[data-item]", el).map(function (li) { return digit(+li.getAttribute("data-item")); }).join("") : "";
      },
      write: function (el, code) {
        var list = $("ol", el);
        code.split("").forEach(function (c) { var li = $("[data-item='" + undigit(c) + "']", list); if (li) list.appendChild(li); });
        el.toggleAttribute("data-touched", !!code);
      },
      score: function (q, code) { for (var i = 0; i < q.count; i++) if (code.charAt(i) !== digit(i)) return 0; return +(code.length === q.count); },
      responses: function (q, code, v) {
        var correct = [];
        for (var i = 0; i < q.count; i++) correct.push(SOURCES.charAt(i));
        return { learner: code.split("").map(function (c) { return SOURCES.charAt(undigit(c)); }).join(v.list), correct: [correct.join(v.list)] };
      }
    },
    essay: {
      score: function () { return null; },
      responses: function (q, code, v) { return { learner: code.slice(0, v.longLimit), correct: [] }; }
    },
    upload: {
      read: function (el, q) { var i = $("input[type=file]", el); return i.files && i.files[0] ? i.files[0].name.slice(0, q.limit) : (i.getAttribute("data-name") || ""); },
      write: function (el, code) { $("input[type=file]", el).setAttribute("data-name", code); $(".file-name", el).textContent = code ? say(T.file_chosen, { name: code }) : ""; },
      score: function () { return null; },
      responses: function (q, code, v) { return { learner: code.slice(0, v.longLimit), correct: [] }; }
    }
  };
  kinds.multiple = {
    read: function (el) { return $$("input:checked", el).map(function (i) { return digit(+i.value); }).join(""); },
    write: kinds.single.write, responses: kinds.single.responses, score: kinds.single.score
  };
  ["numerical", "essay"].forEach(function (k) { kinds[k].read = kinds.short.read; kinds[k].write = kinds.short.write; });

  function quiz(lms) {
    var Q = config.quiz;
    var elements = $$(".question");
    var form = $("#quiz-form"), result = $("#quiz-result"), retry = $("#quiz-retry"), submit = $("#quiz-submit");
    var sessionStart = Date.now();
    var answeredAt = {};
    var pager = null;
    var state = readState(lms);

    function newAttempt(number) {
      var seed = Math.floor(Math.random() * 4294967296);
      var rand = random(seed);
      var drawn = [];
      Q.pools.forEach(function (pool, p) {
        var ids = Q.questions.filter(function (q) { return q.pool === p; }).map(function (q) { return q.id; });
        drawn = drawn.concat(shuffled(ids, rand).slice(0, pool.pick));
      });
      return { n: number, u: 0, r: seed, d: drawn, a: [], c: "", p: -1 };
    }
    function valid(s) {
      return s && typeof s.n === "number" && Array.isArray(s.d) && Array.isArray(s.a) &&
        s.d.every(function (id) { return Q.questions.some(function (q) { return q.id === id; }); });
    }
    if (!valid(state)) state = newAttempt(1); // a changed package or a fresh start

    var active = []; // indices into Q.questions, in the order shown
    var rand = random(state.r);
    function layout() {
      active = [];
      rand = random(state.r);
      Q.pools.forEach(function (pool, p) {
        var box = $("[data-pool='" + p + "']");
        state.d.forEach(function (id) {
          var el = $("#" + id, box);
          if (el) box.appendChild(el); // drawn questions in their drawn order
        });
      });
      elements = $$(".question");
      elements.forEach(function (el) {
        var index = +el.getAttribute("data-q"), q = Q.questions[index];
        var on = q.pool < 0 || state.d.indexOf(q.id) >= 0;
        el.hidden = !on;
        if (on) active.push(index);
        arrange(el, q);
      });
      active.forEach(function (index, n) {
        var el = element(index);
        $(".question-number", el).textContent = say(T.question_n, { n: n + 1 });
        var code = state.a[n];
        if (code !== undefined && code !== null) kinds[Q.questions[index].kind].write(el, code);
        else clear(el);
      });
    }
    function element(index) { return $("[data-q='" + index + "']"); }
    function clear(el) {
      $$("input, textarea, select", el).forEach(function (i) {
        if (i.type === "radio" || i.type === "checkbox") i.checked = false; else i.value = "";
      });
      var file = $("input[type=file]", el);
      if (file) { file.removeAttribute("data-name"); $(".file-name", el).textContent = ""; }
      el.removeAttribute("data-touched");
    }
    // Per attempt: choice order (if the quiz shuffles), target order in matching lists, and ordering items.
    function arrange(el, q) {
      var r = random(state.r ^ hash(q.id));
      if (Q.shuffle && (q.kind === "single" || q.kind === "multiple")) {
        var box = $(".choices", el);
        shuffled($$(".choice", box), r).forEach(function (c) { box.appendChild(c); });
      }
      if (q.kind === "matching") {
        var order = shuffled(range(q.targets), r);
        $$("select", el).forEach(function (select) {
          order.forEach(function (t) { var o = $("option[value='" + t + "']", select); if (o) select.appendChild(o); });
        });
      }
      if (q.kind === "ordering") {
        var list = $("ol", el), items = $$("[data-item]", list);
        var mixed = shuffled(items, r);
        if (mixed.every(function (li, i) { return li === items[i]; })) mixed.push(mixed.shift()); // never already solved
        mixed.forEach(function (li) { list.appendChild(li); });
      }
    }
    function range(count) { var out = []; for (var i = 0; i < count; i++) out.push(i); return out; }

    function answers() { return active.map(function (index) { return kinds[Q.questions[index].kind].read(element(index), Q.questions[index]); }); }
    function checkedFlags() { return unpackFlags(state.c, active.length); }
    function attemptsLeft() { return Q.attempts === null ? Infinity : Q.attempts - state.n; }
    function passed() { return state.p >= Q.mastery; }
    // Right answers: after each attempt (for a checked question, once checked), after the last one, or never.
    function answersOnShow() {
      return Q.answersShown === "after-each-attempt" ||
        Q.answersShown === "after-last-attempt" && state.u === 1 && attemptsLeft() <= 0;
    }
    function finished() { return state.u === 1 && (passed() || attemptsLeft() <= 0); }

    function save() {
      if (!state.u) state.a = answers();
      lms.set(lms.v.key.location, String(pager ? pager.current + 1 : 1));
      lms.set("cmi.suspend_data", JSON.stringify(state));
    }
    function updateProgress() {
      if (pager) return;
      var done = answers().filter(function (code) { return !empty(code); }).length;
      setProgress(say(T.answered_of, { answered: done, total: active.length }), active.length ? done / active.length : 1);
    }

    // Feedback of one question: verdict, feedback texts, and (if allowed) the expected answer.
    function reveal(el, q, code) {
      var credit = kinds[q.kind].score(q, code);
      var verdict = credit === null ? T.manual : empty(code) ? T.unanswered
        : credit === 1 ? T.correct : credit > 0 ? T.partial : T.incorrect;
      var right = verdict === T.correct, shown = answersOnShow();
      var box = $(".feedback", el);
      $(".verdict", box).textContent = verdict;
      box.classList.toggle("is-correct", right);
      box.classList.toggle("is-partial", credit > 0 && !right);
      box.classList.toggle("is-incorrect", credit === 0);
      $$("[data-when]", box).forEach(function (part) {
        var when = part.getAttribute("data-when");
        part.hidden = !(when === "always" || when === "correct" && right || when === "incorrect" && !right ||
                        when === "answer" && shown && !right);
      });
      // The learner's choices are marked right or wrong; the right ones left out only when answers are shown.
      $$(".choice", el).forEach(function (choice) {
        var index = +$("input", choice).value, chosen = code.indexOf(digit(index)) >= 0;
        var isRight = q.correct.indexOf(index) >= 0;
        var note = $(".choice-feedback", choice);
        if (note) note.hidden = !chosen;
        var mark = chosen ? (isRight ? "right" : "wrong") : isRight && shown ? "missed" : "";
        $(".choice-mark", choice).textContent = mark ? T["choice_" + mark] : "";
        choice.className = "choice" + (mark ? " is-" + mark : "");
      });
      box.hidden = false;
    }
    // Ordering always has an answer (the current order); matching is answered once any prompt is.
    function empty(code) { return code === "" || /^-+$/.test(code); }
    function lock(el, locked) {
      $$("input, textarea, select, button", el).forEach(function (i) { i.disabled = locked; });
      if (!locked) syncMoves(el);
    }
    // An item's "Su" is off at the top of the list, its "Giù" at the bottom.
    function syncMoves(el) {
      var items = $$("[data-item]", el);
      items.forEach(function (li, i) {
        $("[data-move=up]", li).disabled = i === 0;
        $("[data-move=down]", li).disabled = i === items.length - 1;
      });
    }

    function check(n) {
      var index = active[n], q = Q.questions[index], el = element(index);
      var flags = checkedFlags();
      flags[n] = true;
      state.c = packFlags(flags);
      answeredAt[n] = answeredAt[n] || Date.now();
      save();
      lock(el, true);
      reveal(el, q, state.a[n]);
      lms.commit();
      focusOn($(".feedback", el));
    }

    // Points scored, points at stake and unanswered questions of the attempt; `each` sees every question's credit.
    function summaryOf(each) {
      var raw = 0, max = 0, unanswered = 0;
      active.forEach(function (index, n) {
        var q = Q.questions[index], code = state.a[n] || "", credit = kinds[q.kind].score(q, code);
        if (credit !== null) { max += q.points; raw += q.points * credit; }
        if (empty(code)) unanswered++;
        if (each) each(q, n, code, credit);
      });
      return { raw: raw, max: max, percent: max > 0 ? Math.round(raw / max * 10000) / 100 : 100, unanswered: unanswered };
    }
    function grade() {
      state.a = answers();
      var v = lms.v, base = parseInt(lms.get("cmi.interactions._count"), 10) || 0, now = new Date();
      var summary = summaryOf(function (q, n, code, credit) { interaction(v, base + n, q, code, credit, now, answeredAt[n]); });
      var percent = summary.percent;
      state.u = 1;
      state.p = percent;
      if (summary.max > 0) {
        lms.set(v.key.score + "min", "0");
        lms.set(v.key.score + "max", "100");
        lms.set(v.key.score + "raw", String(percent));
        if (v === V2004) lms.set("cmi.score.scaled", String(percent / 100));
        v.grade(lms, passed());
      } else {
        v.complete(lms, v.status(lms));
      }
      return summary;
    }
    function interaction(v, i, q, code, credit, now, at) {
      var prefix = "cmi.interactions." + i + ".";
      var r = kinds[q.kind].responses(q, code, v);
      lms.set(prefix + "id", q.id);
      lms.set(prefix + "type", v.types[q.kind]);
      if (v === V2004) lms.set(prefix + "description", q.title.slice(0, 250));
      lms.set(prefix + "weighting", String(q.points));
      r.correct.forEach(function (pattern, k) { if (pattern) lms.set(prefix + "correct_responses." + k + ".pattern", pattern); });
      if (!empty(code) && r.learner !== "") lms.set(prefix + v.key.response, r.learner);
      // A partly right answer reports its share of the points, a number both versions accept as a result.
      lms.set(prefix + "result", credit === null ? "neutral" : credit === 1 ? "correct" : credit > 0 ? String(credit) : v.wrong);
      lms.set(prefix + "latency", v.time((at || now.getTime()) - sessionStart));
      lms.set(prefix + v.key.when, v.when(now));
    }

    function showResult(summary) {
      var lines = [];
      if (summary.max > 0) {
        lines.push(passed() ? T.result_passed : say(T.result_failed, { mastery: num(Q.mastery) }));
        lines.push(say(T.result_score, { raw: num(summary.raw), max: num(summary.max), percent: num(summary.percent) }));
      } else {
        lines.push(T.result_manual_only);
      }
      if (summary.unanswered) lines.push(say(T.submitted_unanswered, { n: summary.unanswered }));
      if (Q.attempts !== null) lines.push(say(T.attempt_n, { n: state.n }));
      var left = attemptsLeft();
      if (!passed() && summary.max > 0) {
        lines.push(left <= 0 ? T.no_attempts_left : left === Infinity ? "" : left === 1 ? T.attempt_left : say(T.attempts_left, { n: left }));
      }
      $(".result-text", result).innerHTML = "";
      lines.filter(Boolean).forEach(function (line) {
        var p = document.createElement("p"); p.textContent = line; $(".result-text", result).appendChild(p);
      });
      retry.hidden = passed() || summary.max === 0 || left <= 0;
      result.classList.toggle("is-passed", summary.max > 0 && passed());
      result.classList.toggle("is-failed", summary.max > 0 && !passed());
      result.hidden = false;
      submit.hidden = true;
      active.forEach(function (index, n) {
        var el = element(index);
        lock(el, true);
        if (Q.feedback !== "never") reveal(el, Q.questions[index], state.a[n] || "");
        if (pager) el.hidden = false;
      });
      if (pager) { $$(".quiz-text").forEach(function (t) { t.hidden = false; }); $(".sco-nav").hidden = true; }
      setProgress(lines[summary.max > 0 ? 1 : 0], 1);
    }

    function start(fromTop) {
      layout();
      result.hidden = true;
      submit.hidden = false;
      var flags = checkedFlags();
      active.forEach(function (index, n) {
        var el = element(index);
        lock(el, !!flags[n]);
        $(".feedback", el).hidden = !flags[n];
        if (flags[n]) reveal(el, Q.questions[index], state.a[n] || "");
      });
      if (Q.oneAtATime) {
        var sections = $$(".quiz-text, .question").filter(function (s) { return !s.classList.contains("question") || !s.hidden; });
        $(".sco-nav").hidden = false;
        pager = pager || Pager(sections, {
          noBack: Q.cantGoBack,
          onShow: function (i) {
            var all = pager.sections, q = active.indexOf(+all[i].getAttribute("data-q"));
            setProgress(q >= 0 ? say(T.question_of, { current: q + 1, total: active.length }) : "", (i + 1) / all.length);
            submit.hidden = i !== all.length - 1;
            save();
            lms.commit();
          }
        });
        pager.sections = sections;
        pager.show(state.u || fromTop ? 0 : (parseInt(lms.get(lms.v.key.location), 10) || 1) - 1, false);
      }
      if (state.u) showResult(summaryOf()); else updateProgress();
    }

    form.addEventListener("change", function (event) {
      var el = event.target.closest(".question");
      if (el) answeredAt[active.indexOf(+el.getAttribute("data-q"))] = Date.now();
      var file = event.target.type === "file" ? event.target : null;
      if (file) $(".file-name", el).textContent = file.files[0] ? say(T.file_chosen, { name: file.files[0].name }) : "";
      save();
      updateProgress();
    });
    form.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button || button.disabled) return;
      var el = button.closest(".question");
      if (button.hasAttribute("data-check")) check(active.indexOf(+el.getAttribute("data-q")));
      var move = button.getAttribute("data-move");
      if (move) {
        var li = button.closest("li"), list = li.parentNode;
        if (move === "up" && li.previousElementSibling) list.insertBefore(li, li.previousElementSibling);
        if (move === "down" && li.nextElementSibling) list.insertBefore(li.nextElementSibling, li);
        el.setAttribute("data-touched", "");
        syncMoves(el);
        (button.disabled ? $("[data-move]:not([disabled])", li) : button).focus();
        var items = $$("li", list);
        answeredAt[active.indexOf(+el.getAttribute("data-q"))] = Date.now();
        announce(say(T.moved, { item: li.getAttribute("data-label"), position: items.indexOf(li) + 1, total: items.length }));
        save();
        updateProgress();
      }
    });
    // "Consegna" asks first, in a modal dialog: unanswered questions, attempts left after this one.
    var dialog = $("#submit-dialog");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (state.u) return;
      if (!dialog.showModal) { hand(); return; } // a browser without <dialog>: no question asked
      var missing = answers().filter(empty).length, left = attemptsLeft();
      $("#submit-dialog-text").innerHTML = "";
      [missing ? say(T.confirm_unanswered, { n: missing, total: active.length }) : T.confirm_all_answered,
       left === Infinity ? T.confirm_unlimited : left <= 0 ? T.confirm_last
         : left === 1 ? T.confirm_attempt_left : say(T.confirm_attempts_left, { n: left })
      ].forEach(function (line) {
        var p = document.createElement("p"); p.textContent = line; $("#submit-dialog-text").appendChild(p);
      });
      dialog.showModal();
    });
    dialog.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button) return;
      dialog.close();
      if (button.hasAttribute("data-confirm")) hand(); else submit.focus();
    });
    dialog.addEventListener("cancel", function () { window.setTimeout(function () { submit.focus(); }, 0); });
    function hand() {
      var summary = grade();
      save();
      lms.commit();
      showResult(summary);
      focusOn(result); // the result first: heading, score, passed or failed
    }
    retry.addEventListener("click", function () {
      state = newAttempt(state.n + 1);
      answeredAt = {};
      sessionStart = Date.now();
      start(true);
      save();
      lms.commit();
      focusOn($(".question:not([hidden]) h2") || form);
    });

    start(false);
    save();
    return { save: save, finished: finished };
  }

  /* ---------- Start, and finish exactly once ---------- */

  var started = Date.now();
  var lms = connect();
  if (lms.standalone) document.getElementById("standalone-note").hidden = false;
  var status = lms.v.status(lms);
  if (status.fresh) lms.v.begin(lms); // never downgrade completed/passed/failed (review mode still stores writes)
  var sco = config.kind === "quiz" ? quiz(lms) : lesson(lms, status);
  lms.commit();
  if (window.performance && performance.mark) performance.mark("scormgen:ready"); // first screen shown (benchmarks)

  function track(final) {
    sco.save();
    lms.set(lms.v.key.session, lms.v.time(Date.now() - started));
    if (final) lms.set(lms.v.key.exit, sco.finished() ? lms.v.doneExit : "suspend");
    lms.commit();
  }
  var closed = false;
  function finish() {
    if (closed) return;
    closed = true;
    track(true);
    lms.finish();
  }
  window.addEventListener("pagehide", finish);
  window.addEventListener("unload", finish);
  // Mobile browsers may discard a hidden page without pagehide: keep what the learner did so far.
  document.addEventListener("visibilitychange", function () { if (document.visibilityState === "hidden" && !closed) track(false); });
})();
