/* scormgen preview: a built-in SCORM 1.2 / 2004 API that logs every call and shows the CMI data.
   Data is kept per SCO and version in sessionStorage, so relaunching shows how a SCO resumes. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("preview-config").textContent);
  var frame = document.getElementById("player");
  var scoSelect = document.getElementById("sco"), versionSelect = document.getElementById("version");
  var calls = document.getElementById("calls"), table = document.getElementById("cmi");
  var version = sessionStorage.getItem("scormgen-preview:version") || "1.2";
  versionSelect.value = version;
  scoSelect.value = sessionStorage.getItem("scormgen-preview:sco") || scoSelect.value;

  var session = null; // {key, data, changed}
  var lastError = "0";
  var ERRORS = { "0": "No error", "101": "General exception", "301": "Not initialized", "403": "Value not initialized" };

  function storageKey() { return "scormgen-preview:" + version + ":" + scoSelect.value; }
  function mastery() {
    var sco = config.scos.filter(function (s) { return s.href === scoSelect.value; })[0];
    return sco && sco.mastery !== null ? sco.mastery : null;
  }
  function launchData() {
    var stored = JSON.parse(sessionStorage.getItem(storageKey()) || "{}");
    var v12 = version === "1.2", m = mastery();
    var status = v12 ? "cmi.core.lesson_status" : "cmi.completion_status";
    var exit = stored[v12 ? "cmi.core.exit" : "cmi.exit"];
    delete stored[v12 ? "cmi.core.exit" : "cmi.exit"]; // each session says again how it ends
    if (!stored[status]) stored[status] = v12 ? "not attempted" : "unknown";
    if (!v12 && !stored["cmi.success_status"]) stored["cmi.success_status"] = "unknown";
    stored[v12 ? "cmi.core.entry" : "cmi.entry"] = exit === "suspend" ? "resume" : "ab-initio";
    if (m !== null) stored[v12 ? "cmi.student_data.mastery_score" : "cmi.scaled_passing_score"] = String(v12 ? m : m / 100);
    return stored;
  }

  function log(name, args, result) {
    var li = document.createElement("li");
    li.textContent = name + "(" + args.map(function (a) { return JSON.stringify(a); }).join(", ") + ") → " +
      JSON.stringify(result) + (lastError !== "0" ? "  [error " + lastError + "]" : "");
    if (result === "false" || lastError !== "0") li.className = "failed";
    calls.appendChild(li);
    li.scrollIntoView({ block: "nearest" });
    showData();
  }
  // An element's name may wrap after its dots only: cmi.interactions.0.learner_response stays
  // readable in a narrow panel.
  function nameCell(cell, key) {
    key.split(".").forEach(function (part, index, parts) {
      cell.appendChild(document.createTextNode(part + (index < parts.length - 1 ? "." : "")));
      if (index < parts.length - 1) cell.appendChild(document.createElement("wbr"));
    });
  }
  var filter = document.getElementById("cmi-filter");
  filter.addEventListener("input", showData);
  function showData() {
    table.textContent = "";
    if (!session) return;
    var wanted = filter.value.trim().toLowerCase();
    Object.keys(session.data).sort().forEach(function (key) {
      var value = session.data[key];
      if (wanted && (key + " " + value).toLowerCase().indexOf(wanted) < 0) return;
      var row = table.insertRow();
      if (session.changed[key]) row.className = "changed";
      nameCell(row.insertCell(), key);
      row.insertCell().textContent = value;
    });
  }
  function persist() { if (session) sessionStorage.setItem(session.key, JSON.stringify(session.data)); }

  // Interactions and other collections report their size through _count.
  function count(element) {
    var prefix = element.slice(0, -"_count".length), seen = {};
    Object.keys(session.data).forEach(function (key) {
      if (key.indexOf(prefix) === 0) seen[key.slice(prefix.length).split(".")[0]] = true;
    });
    return String(Object.keys(seen).length);
  }
  var behaviour = {
    initialize: function () { session = { key: storageKey(), data: launchData(), changed: {} }; lastError = "0"; return "true"; },
    get: function (element) {
      if (!session) { lastError = "301"; return ""; }
      if (/\._count$/.test(element)) { lastError = "0"; return count(element); }
      lastError = element in session.data || version === "1.2" ? "0" : "403"; // 1.2 has no "not initialized" error
      return session.data[element] || "";
    },
    set: function (element, value) {
      if (!session) { lastError = "301"; return "false"; }
      session.data[element] = String(value);
      session.changed[element] = true;
      lastError = "0";
      return "true";
    },
    commit: function () { lastError = session ? "0" : "301"; persist(); return session ? "true" : "false"; },
    finish: function () { var ok = behaviour.commit(); session = null; return ok; },
    error: function () { return lastError; },
    message: function (code) { return ERRORS[code] || "Error " + code; }
  };
  function api(names) {
    var object = {};
    Object.keys(names).forEach(function (what) {
      object[names[what]] = function () {
        var args = Array.prototype.slice.call(arguments);
        var result = behaviour[what].apply(null, args);
        if (what !== "error" && what !== "message") log(names[what], args, result);
        return result;
      };
    });
    return object;
  }
  if (version === "1.2") {
    window.API = api({ initialize: "LMSInitialize", get: "LMSGetValue", set: "LMSSetValue", commit: "LMSCommit",
                       finish: "LMSFinish", error: "LMSGetLastError", message: "LMSGetErrorString" });
  } else {
    window.API_1484_11 = api({ initialize: "Initialize", get: "GetValue", set: "SetValue", commit: "Commit",
                               finish: "Terminate", error: "GetLastError", message: "GetErrorString" });
  }

  function launch() {
    calls.textContent = "";
    frame.src = "/sco/" + scoSelect.value;
  }
  scoSelect.addEventListener("change", function () {
    sessionStorage.setItem("scormgen-preview:sco", scoSelect.value);
    afterUnload(launch);
  });
  versionSelect.addEventListener("change", function () {
    sessionStorage.setItem("scormgen-preview:version", versionSelect.value);
    location.reload(); // the API object itself changes
  });
  // The SCO logs how it ends while it unloads: the next launch clears the call list once the
  // blank page has replaced it, however long that takes, so no closing call lands in the new list.
  function afterUnload(then) {
    frame.addEventListener("load", function loaded() { frame.removeEventListener("load", loaded); then(); });
    frame.src = "about:blank";
  }
  document.getElementById("relaunch").addEventListener("click", function () { afterUnload(launch); });
  document.getElementById("reset").addEventListener("click", function () {
    afterUnload(function () { sessionStorage.removeItem(storageKey()); launch(); });
  });

  // Reload the SCO when the server has rebuilt the unit.
  var generation = config.generation, banner = document.getElementById("error");
  function showError(error) { banner.hidden = !error; banner.textContent = error || ""; }
  showError(config.error);
  window.setInterval(function () {
    var request = new XMLHttpRequest();
    request.open("GET", "/__state");
    request.onload = function () {
      var state = JSON.parse(request.responseText);
      showError(state.error);
      if (state.generation !== generation) { generation = state.generation; if (!state.error) location.reload(); }
    };
    request.send();
  }, 1000);
  launch();
})();
