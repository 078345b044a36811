/* Learner runtime: finds the LMS API, tracks screens, bookmarks, reports time and completion. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("sco-config").textContent);

  function findApi(name) {
    var sources = [window];
    if (window.opener) sources.push(window.opener);
    for (var s = 0; s < sources.length; s++) {
      var w = sources[s];
      for (var depth = 0; w && depth < 10; depth++) {
        try { if (w[name]) return w[name]; } catch (e) { break; }
        if (w.parent === w) break;
        w = w.parent;
      }
    }
    return null;
  }

  var api2004 = findApi("API_1484_11");
  var api12 = api2004 ? null : findApi("API");
  var lms = api2004 ? {
    init: function () { return api2004.Initialize("") === "true"; },
    get: function (k) { return api2004.GetValue(k); },
    set: function (k, v) { return api2004.SetValue(k, String(v)); },
    commit: function () { return api2004.Commit(""); },
    finish: function () { return api2004.Terminate(""); },
    keys: { location: "cmi.location", suspend: "cmi.suspend_data", status: "cmi.completion_status",
            session: "cmi.session_time", exit: "cmi.exit" }
  } : api12 ? {
    init: function () { return api12.LMSInitialize("") === "true"; },
    get: function (k) { return api12.LMSGetValue(k); },
    set: function (k, v) { return api12.LMSSetValue(k, String(v)); },
    commit: function () { return api12.LMSCommit(""); },
    finish: function () { return api12.LMSFinish(""); },
    keys: { location: "cmi.core.lesson_location", suspend: "cmi.suspend_data", status: "cmi.core.lesson_status",
            session: "cmi.core.session_time", exit: "cmi.core.exit" }
  } : null;

  var screens = document.querySelectorAll(".screen");
  var seen = [];
  var current = 0;
  var started = Date.now();
  var finished = false;
  var storageKey = "scormgen:" + config.unit + ":" + config.sco;

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function sessionTime() {
    var s = Math.floor((Date.now() - started) / 1000);
    if (api2004) return "PT" + Math.floor(s / 3600) + "H" + Math.floor(s / 60) % 60 + "M" + s % 60 + "S";
    return pad(Math.floor(s / 3600)) + ":" + pad(Math.floor(s / 60) % 60) + ":" + pad(s % 60);
  }

  function save() {
    var data = { s: seen.join("") };
    if (lms) {
      lms.set(lms.keys.location, String(current + 1));
      lms.set(lms.keys.suspend, JSON.stringify(data));
      if (seen.indexOf("0") < 0) lms.set(lms.keys.status, "completed");
      lms.commit();
    } else {
      try { localStorage.setItem(storageKey, JSON.stringify({ at: current, s: data.s })); } catch (e) { /* private mode */ }
    }
  }

  function show(index) {
    current = Math.max(0, Math.min(screens.length - 1, index));
    for (var i = 0; i < screens.length; i++) screens[i].hidden = i !== current;
    seen[current] = "1";
    document.getElementById("progress").textContent =
      config.text.screen_of.replace("{current}", current + 1).replace("{total}", screens.length);
    document.querySelector("[data-action=prev]").disabled = current === 0;
    document.querySelector("[data-action=next]").disabled = current === screens.length - 1;
    save();
  }

  function finish() {
    if (finished || !lms) return;
    finished = true;
    var complete = seen.indexOf("0") < 0;
    lms.set(lms.keys.session, sessionTime());
    lms.set(lms.keys.exit, complete ? (api2004 ? "normal" : "") : "suspend");
    lms.commit();
    lms.finish();
  }

  for (var i = 0; i < screens.length; i++) seen.push("0");
  var start = 0;
  if (lms && lms.init()) {
    var status = lms.get(lms.keys.status);
    if (status === "not attempted" || status === "unknown" || status === "") lms.set(lms.keys.status, "incomplete");
    try { (JSON.parse(lms.get(lms.keys.suspend) || "{}").s || "").split("").forEach(function (c, i) { if (i < seen.length) seen[i] = c; }); } catch (e) { /* fresh start */ }
    start = (parseInt(lms.get(lms.keys.location), 10) || 1) - 1;
  } else {
    lms = null;
    document.getElementById("status").textContent = config.text.standalone;
    try {
      var stored = JSON.parse(localStorage.getItem(storageKey) || "{}");
      (stored.s || "").split("").forEach(function (c, i) { if (i < seen.length) seen[i] = c; });
      start = stored.at || 0;
    } catch (e) { /* nothing stored */ }
  }
  document.querySelector("[data-action=prev]").addEventListener("click", function () { show(current - 1); screens[current].focus(); });
  document.querySelector("[data-action=next]").addEventListener("click", function () { show(current + 1); screens[current].focus(); });
  window.addEventListener("pagehide", finish);
  window.addEventListener("unload", finish);
  show(start);
})();
