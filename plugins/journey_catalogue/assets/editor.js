/* Journey Catalogue map editor: a form built from the published JSON Schema, checked as it is typed.
 *
 * The map file is a yaml Document (eemeli/yaml, vendored): fields are edited in place with setIn and
 * deleteIn, so untouched nodes keep their comments, order and style, and an unchanged map is written back
 * byte for byte. Ajv (vendored) checks the schema; the cross-file checks of `journeys validate` are
 * repeated here and every message uses its words (msgids translated in the page's data). Map text only
 * ever reaches the DOM through textContent, value and setAttribute. Drafts stay in localStorage.
 */
(function () {
  "use strict";
  if (window.jcEditor) { window.jcEditor.boot(); return; }

  var DRAFT_KEY = "jc-editor-draft";
  var MODELINE = " yaml-language-server: $schema=";
  var FRONT = /^---[ \t]*$/m;
  var ID_LISTS = { personas: "personas", touchpoints: "channels", sources: "sources", next: "stages" };
  var FLOW_LISTS = { personas: 1, tags: 1, touchpoints: 1, sources: 1, next: 1 };
  var NEW_ITEMS = {
    stages: function (n) { return { id: "stage-" + n, name: "", steps: [{ action: "", emotion: 0 }] }; },
    steps: function () { return { action: "", emotion: 0 }; },
    sources: function (n) { return { id: "source-" + n, type: "other", title: "" }; },
    kpis: function () { return { name: "", value: "" }; },
    pains: function () { return { text: "", severity: "medium" }; },
    opportunities: function () { return { text: "" }; }
  };
  var S = {};  // the editor's state: data, libraries, the Document, the form's root

  /* -- words ---------------------------------------------------------------------------------------- */

  function fill(template, values) {
    return template.replace(/%\((\w+)\)[sd]/g, function (_, key) { return String(values[key]); });
  }
  function plural(forms, n, values) {
    var rule = new Intl.PluralRules(S.data.lang.replace("_", "-")).select(n);
    return fill(forms[rule] || forms.other, Object.assign({ num: n }, values || {}));
  }
  function msg(key, values) {
    var m = S.data.messages[key];
    return typeof m === "string" ? fill(m, values || {}) : plural(m, values.num, values);
  }
  function word(key, values) {
    var w = S.data.words[key];
    return typeof w === "string" ? fill(w, values || {}) : plural(w, values.num, values);
  }
  function pyRepr(text) {  // Python's repr() of a str, as `journeys validate` quotes a found text
    var quote = text.indexOf("'") >= 0 && text.indexOf('"') < 0 ? '"' : "'";
    var out = text.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/\t/g, "\\t").replace(/\r/g, "\\r");
    return quote + (quote === "'" ? out.replace(/'/g, "\\'") : out) + quote;
  }
  function describe(value) {
    if (value === null || value === undefined) return msg("nothing");
    if (typeof value === "boolean" || typeof value === "number") return String(value);
    if (typeof value === "string") {
      var text = value.length <= 60 ? value : value.slice(0, 57) + "...";
      return text ? pyRepr(text) : msg("an_empty_text");
    }
    if (Array.isArray(value)) return msg("a_list_of", { num: value.length });
    return msg("a_mapping");
  }
  function oneOf(values) {
    if (values.length === 1) return values[0];
    if (values.length === 2) return msg("or_two", { first: values[0], last: values[1] });
    return msg("one_of", { values: values.slice(0, -1).join(", "), last: values[values.length - 1] });
  }

  /* difflib.get_close_matches(word, choices, n=1, cutoff=0.6), as the CLI suggests ids */
  function matches(a, b) {
    if (!a.length || !b.length) return 0;
    var best = 0, bi = 0, bj = 0;
    for (var i = 0; i < a.length; i++) {
      for (var j = 0; j < b.length; j++) {
        var k = 0;
        while (i + k < a.length && j + k < b.length && a[i + k] === b[j + k]) k++;
        if (k > best) { best = k; bi = i; bj = j; }
      }
    }
    if (!best) return 0;
    return best + matches(a.slice(0, bi), b.slice(0, bj)) + matches(a.slice(bi + best), b.slice(bj + best));
  }
  function suggestion(wordText, choices) {
    var found = null, score = 0;
    choices.forEach(function (c) {
      var r = (2 * matches(c, wordText)) / (c.length + wordText.length);
      if (r >= 0.6 && (r > score || (r === score && c > found))) { found = c; score = r; }
    });
    return found === null ? "" : msg("did_you_mean", { match: found });
  }

  /* -- the file: head, frontmatter Document, body ---------------------------------------------------- */

  // A block list written at its key's own column ("tags:\n- a", PyYAML's style) is written back that way.
  var SEQ_AT_KEY_COLUMN = /^( *)[^\s#-][^:\n]*:[ \t]*(#.*)?\n\1- /m;
  function parse(text) {
    var m1 = FRONT.exec(text);
    if (!m1) throw new Error("no frontmatter");
    var rest = text.slice(m1.index + m1[0].length);
    var m2 = FRONT.exec(rest);
    if (!m2) throw new Error("no end of frontmatter");
    var front = rest.slice(0, m2.index);
    var doc = S.YAML.parseDocument(front);
    if (doc.errors.length) throw new Error(doc.errors[0].message);
    return { head: text.slice(0, m1.index), lead: front.charAt(0) === "\n" ? "\n" : "", doc: doc, front: front,
      body: rest.slice(m2.index + m2[0].length), indentSeq: !SEQ_AT_KEY_COLUMN.test(front) };
  }
  function serialise() {
    var front = S.doc.toString({ lineWidth: 0, flowCollectionPadding: false, indentSeq: S.file.indentSeq });
    return S.file.head + "---" + S.file.lead + keepCommentSpacing(S.file.front, front) + "---" + S.body;
  }
  /* The yaml library writes one space before a line's comment; an author (or yamllint) may use two. A line
     that differs from one of the original's only there is written as the author wrote it, unless that
     would change what the file says. */
  function keepCommentSpacing(original, written) {
    var spaced = function (line) { return line.replace(/ {2,}#(?=[^'"]*$)/, " #"); };
    var pool = {};
    original.split("\n").forEach(function (line) { (pool[spaced(line)] = pool[spaced(line)] || []).push(line); });
    var kept = written.split("\n").map(function (line) {
      var same = pool[line];
      return same && same.length ? same.shift() : line;
    }).join("\n");
    if (kept === written) return written;
    try {
      return JSON.stringify(S.YAML.parse(kept)) === JSON.stringify(S.YAML.parse(written)) ? kept : written;
    } catch (error) {
      return written;
    }
  }
  function fromTemplate(file, id) {  // what `journeys new` changes in a template
    var doc = file.doc;
    var strip = function (comment) {
      return (comment || "").split("\n").filter(function (l) { return l.indexOf(MODELINE) !== 0; }).join("\n");
    };
    doc.commentBefore = strip(doc.commentBefore) || null;
    var first = doc.contents.items[0].key;  // yaml keeps a comment above the first key on that key
    var rest = [strip(doc.contents.commentBefore), strip(first.commentBefore)].filter(Boolean).join("\n");
    doc.contents.commentBefore = null;
    first.commentBefore = MODELINE + S.data.schema_url + (rest ? "\n" + rest : "");
    doc.set("template", false);
    doc.set("status", "draft");
    doc.set("updated", S.data.today);
    file.id = id;
    return file;
  }

  /* -- values in the Document ------------------------------------------------------------------------ */

  function get(path) { return S.doc.getIn(path); }
  function setValue(path, value, required) {
    if ((value === "" || value === null || value === undefined) && !required) {
      if (S.doc.hasIn(path)) S.doc.deleteIn(path);
    } else {
      S.doc.setIn(path, value);
    }
    changed();
  }
  function setList(path, values, required) {
    var key = path[path.length - 1];
    var old = S.doc.getIn(path, true);
    if (!values.length && !required) { if (S.doc.hasIn(path)) S.doc.deleteIn(path); changed(); return; }
    var node = S.doc.createNode(values);
    node.flow = old && old.items ? !!old.flow : !!FLOW_LISTS[key];
    if (old && old.comment) node.comment = old.comment;
    S.doc.setIn(path, node);
    changed();
  }
  function seqAt(path) {
    var node = S.doc.getIn(path, true);
    if (!node || !node.items) {
      node = S.doc.createNode([]);
      S.doc.setIn(path, node);
    }
    return node;
  }

  /* -- the schema ------------------------------------------------------------------------------------ */

  function resolve(node) {
    while (node && node.$ref) node = S.data.schema.$defs[node.$ref.split("/").pop()];
    return node || {};
  }
  function core(node) {  // the schema of a field without its `null` alternative
    node = resolve(node);
    var alts = node.anyOf || [];
    var real = alts.filter(function (a) { return a.type !== "null"; });
    return real.length === 1 && alts.length === 2 ? Object.assign({}, resolve(real[0]), { nullable: true }) : node;
  }
  function alternatives(node) {
    node = resolve(node);
    return (node.anyOf || []).concat(node.oneOf || []).reduce(function (all, a) {
      return all.concat(alternatives(a));
    }, [node]);
  }
  function subschema(node, key) {  // as format/validate.py's _subschema walks the schema
    var alts = alternatives(node);
    for (var i = 0; i < alts.length; i++) {
      var a = alts[i];
      if (typeof key === "number" && a.items) return a.items;
      if (typeof key === "string") {
        if (a.properties && a.properties[key]) return a.properties[key];
        if (a.patternProperties) return Object.values(a.patternProperties)[0];
        if (a.additionalProperties && typeof a.additionalProperties === "object") return a.additionalProperties;
      }
    }
    return null;
  }
  function schemaAt(path) {
    var node = S.data.schema;
    for (var i = 0; i < path.length && node; i++) node = subschema(node, path[i]);
    return node ? core(node) : {};
  }

  window.jcEditor = { boot: boot, state: S, serialise: function () { return serialise(); } };

  /* The rest (form, checks, preview, output) is in the functions below, hoisted. */

  function boot() {
    var root = document.querySelector("[data-jc-editor]");
    if (!root || root.hasAttribute("data-jc-editor-ready")) return;
    root.setAttribute("data-jc-editor-ready", "");
    var dataNode = document.querySelector("[data-jc-editor-data]");
    S.data = JSON.parse(dataNode.textContent);
    S.root = root;
    S.status = root.querySelector("[data-jc-editor-status]");
    start().catch(function (error) { S.status.textContent = String(error && error.message || error); });
  }

  function loadScript(url) {
    return new Promise(function (resolveLoad, reject) {
      var script = document.createElement("script");
      script.src = url;
      script.onload = resolveLoad;
      script.onerror = function () { reject(new Error(word("load_failed", { file: url }))); };
      document.head.appendChild(script);
    });
  }

  function start() {
    var libs = new URL(S.root.getAttribute("data-jc-libraries"), document.baseURI).href;
    return Promise.all([
      import(libs + "yaml/index.js"),
      window.ajv2020 ? null : loadScript(libs + "ajv2020.min.js")
    ]).then(function (loaded) {
      S.YAML = loaded[0];
      var Ajv = window.ajv2020.default || window.ajv2020;
      var ajv = new Ajv({ allErrors: true, strict: false });
      ajv.addFormat("date", { type: "string", validate: isDate });
      S.check = ajv.compile(S.data.schema);
      buildLayout();
      return openInitial();
    });
  }

  function isDate(text) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
    var d = new Date(text + "T00:00:00Z");
    return !isNaN(d) && d.toISOString().slice(0, 10) === text;
  }

  /* -- what to open ---------------------------------------------------------------------------------- */

  function openInitial() {
    var params = new URLSearchParams(location.search);
    var draft = readDraft();
    var mapId = params.get("map"), template = params.get("template");
    var sameStart = mapId ? draft && draft.origin === "map" && draft.id === mapId
      : template ? draft && draft.origin === "new" && draft.source === template : !!draft;
    if (sameStart) {
      load(draft.text, draft.id, draft.origin, draft.source);
      S.status.textContent = word("draft_restored");
      S.discard.hidden = false;
      return Promise.resolve();
    }
    if (mapId && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(mapId)) return openMap(mapId);
    var first = template || (S.data.templates[0] || {}).id;
    return first ? openTemplate(first) : Promise.resolve();
  }

  function fetchText(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error(word("load_failed", { file: url }));
      return response.text();
    });
  }
  function openMap(id) {
    return fetchText(new URL(S.data.maps_folder + id + ".md", document.baseURI).href).then(function (text) {
      load(text, id, "map", id);
    });
  }
  function openTemplate(id) {
    var template = S.data.templates.filter(function (t) { return t.id === id; })[0];
    if (!template) return Promise.resolve();
    return fetchText(new URL(template.url, document.baseURI).href).then(function (text) {
      var file = fromTemplate(parse(text), "my-map");
      S.file = file;
      S.doc = file.doc;
      S.body = file.body;
      afterLoad("my-map", "new", id);
      render();
    });
  }
  function load(text, id, origin, source) {
    try {
      S.file = parse(text);
    } catch (error) {
      S.status.textContent = word("yaml_error", { error: error.message });
      return;
    }
    S.doc = S.file.doc;
    S.body = S.file.body;
    afterLoad(id, origin, source);
    render();
  }
  function afterLoad(id, origin, source) {
    S.id = id;
    S.origin = origin;
    S.source = source;
    S.idInput.value = id;
    S.idInput.readOnly = origin === "map";
    S.bodyInput.value = S.body;
    S.status.textContent = "";
    S.discard.hidden = true;
    showSource();
  }
  function showSource() {  // the picker names what the form holds, once the maps' list is in
    var value = (S.origin === "map" ? "map:" : "template:") + S.source;
    if (S.picker && S.picker.querySelector('option[value="' + CSS.escape(value) + '"]')) S.picker.value = value;
  }

  /* -- drafts ---------------------------------------------------------------------------------------- */

  function readDraft() {
    try { return JSON.parse(localStorage.getItem(DRAFT_KEY) || "null"); } catch (e) { return null; }
  }
  function saveDraft(text) {
    try {
      localStorage.setItem(DRAFT_KEY, JSON.stringify({ text: text, id: S.id, origin: S.origin, source: S.source }));
    } catch (e) { /* storage full or off: the editor still works, without drafts */ }
  }

  /* -- layout ---------------------------------------------------------------------------------------- */

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }
  /* A field's name in the site's language, with its key as the file spells it when the two differ. */
  function fieldName(key, hint) {
    var w = S.data.fields[key], name = document.createDocumentFragment();
    name.appendChild(document.createTextNode(w ? w.charAt(0).toLocaleUpperCase(S.data.lang) + w.slice(1) : key));
    if (w && w.toLowerCase() !== key) {
      name.appendChild(document.createTextNode(" "));
      name.appendChild(el("code", { class: "jc-key" }, key));
    }
    if (hint) name.appendChild(el("span", { class: "jc-hint" }, " " + hint));
    return name;
  }
  function legend(key) {
    var node = el("legend", {});
    node.appendChild(fieldName(key));
    return node;
  }
  function labelled(labelText, control, hintId) {
    var id = "jc-f-" + (++labelled.n);
    control.id = id;
    var wrap = el("div", { class: "jc-field" });
    var label = el("label", { for: id });
    if (typeof labelText === "string") label.textContent = labelText;
    else label.appendChild(labelText);
    wrap.appendChild(label);
    wrap.appendChild(control);
    return wrap;
  }
  labelled.n = 0;

  function buildLayout() {
    var bar = el("div", { class: "jc-editor-bar" });
    var picker = S.picker = el("select", { "data-jc-editor-start": "" });
    var group = el("optgroup", { label: word("templates") });
    S.data.templates.forEach(function (t) { group.appendChild(el("option", { value: "template:" + t.id }, t.title)); });
    picker.appendChild(group);
    S.mapsGroup = el("optgroup", { label: word("maps") });
    picker.appendChild(S.mapsGroup);
    bar.appendChild(labelled(word("start"), picker));
    var open = el("button", { type: "button", class: "md-button", "data-jc-editor-open": "" }, word("open"));
    open.addEventListener("click", function () {
      var choice = picker.value.split(":");
      (choice[0] === "map" ? openMap(choice[1]) : openTemplate(choice[1])).catch(showError);
    });
    bar.appendChild(open);
    S.idInput = el("input", { type: "text", spellcheck: "false", "data-jc-editor-id": "" });
    S.idInput.addEventListener("input", function () { S.id = S.idInput.value.trim(); output(); });
    bar.appendChild(labelled(word("new_id"), S.idInput));
    S.discard = el("button", { type: "button", class: "md-button", hidden: "" }, word("discard"));
    S.discard.addEventListener("click", function () {
      localStorage.removeItem(DRAFT_KEY);
      S.discard.hidden = true;
      openInitialFresh();
    });
    bar.appendChild(S.discard);
    S.root.appendChild(bar);
    fetch(new URL(S.data.maps_index, document.baseURI).href).then(function (r) { return r.json(); })
      .then(function (maps) {
        maps.forEach(function (m) { S.mapsGroup.appendChild(el("option", { value: "map:" + m[0] }, m[1])); });
        showSource();
      }).catch(function () { /* no list: the map pages' links still open maps */ });

    var grid = el("div", { class: "jc-editor-grid" });
    S.form = el("form", { class: "jc-editor-form", "data-jc-editor-form": "", novalidate: "" });
    S.form.addEventListener("submit", function (e) { e.preventDefault(); });
    grid.appendChild(S.form);
    var side = el("div", { class: "jc-editor-side" });
    side.appendChild(el("h2", { id: "jc-editor-preview-heading" }, word("preview")));
    S.chart = el("div", { class: "jc-editor-chart", role: "img", "aria-label": word("preview_label"),
      "data-jc-editor-chart": "" });
    side.appendChild(S.chart);
    S.summary = el("div", { class: "jc-editor-summary", "data-jc-editor-summary": "", "aria-live": "polite" });
    side.appendChild(S.summary);
    S.actions = el("div", { class: "jc-editor-actions", "data-jc-editor-actions": "" });
    side.appendChild(S.actions);
    grid.appendChild(side);
    S.root.appendChild(grid);
    S.bodyInput = el("textarea", { rows: "8", "data-jc-editor-body": "" });
    S.bodyInput.addEventListener("input", function () { S.body = S.bodyInput.value; changed(); });
    S.root.appendChild(labelled(word("body"), S.bodyInput));
  }
  function openInitialFresh() {
    history.replaceState(null, "", location.pathname + location.search);
    var params = new URLSearchParams(location.search);
    var p = params.get("map") ? openMap(params.get("map")) : openTemplate(params.get("template") || S.data.templates[0].id);
    p.catch(showError);
  }
  function showError(error) { S.status.textContent = String(error && error.message || error); }

  /* -- the form, from the schema --------------------------------------------------------------------- */

  function render(focusKey) {
    S.form.textContent = "";
    S.fields = {};
    renderObject(S.data.schema, [], S.form);
    changed(true);
    if (focusKey) {
      var target = S.form.querySelector('[data-jc-focus="' + focusKey + '"]');
      if (target) target.focus();
    }
  }
  function pathKey(path) { return path.join("."); }

  function renderObject(schema, path, container) {
    var node = core(schema);
    var required = node.required || [];
    Object.keys(node.properties || {}).forEach(function (key) {
      if (key === "extra") return;  // custom data for tooling: kept as written, not edited here
      renderField(node.properties[key], path.concat(key), container, required.indexOf(key) >= 0);
    });
  }

  function renderField(schema, path, container, required) {
    var key = path[path.length - 1];
    var node = core(schema);
    var wrap;
    if (key === "emotion") wrap = emotionField(path);
    else if (node.type === "array" && node.items && (node.items.$ref || node.items.oneOf)) wrap = listField(node, path, required);
    else if (node.type === "array") wrap = stringListField(node, path, required);
    else wrap = scalarField(node, path, required);
    wrap.setAttribute("data-jc-path", pathKey(path));
    container.appendChild(wrap);
    if (S.fields[pathKey(path)]) return;  // an emotion's own input already shows its problems
    var error = el("p", { class: "jc-field-error", id: "jc-err-" + pathKey(path).replace(/\./g, "-"), hidden: "" });
    wrap.appendChild(error);
    S.fields[pathKey(path)] = wrap;
  }

  function scalarField(node, path, required) {
    var key = path[path.length - 1], value = get(path), control;
    if (node.enum || key === "phase") {
      control = el("select", {});
      var options = node.enum ? node.enum.map(function (v) { return [v, v]; })
        : S.data.phases.map(function (p) { return [p.id, p.id + " (" + p.label + ")"]; });
      if (!required || value === undefined) control.appendChild(el("option", { value: "" }, word("none")));
      options.forEach(function (o) { control.appendChild(el("option", { value: o[0] }, o[1])); });
      if (value !== undefined && options.every(function (o) { return o[0] !== String(value); })) {
        control.appendChild(el("option", { value: String(value) }, String(value)));
      }
      control.value = value === undefined || value === null ? "" : String(value);
      control.addEventListener("change", function () { setValue(path, control.value, required); });
    } else if (node.type === "boolean") {
      control = el("input", { type: "checkbox" });
      control.checked = value === true;
      control.addEventListener("change", function () { setValue(path, control.checked ? true : false, true); });
    } else {
      control = el(key === "summary" ? "textarea" : "input", key === "summary" ? { rows: "2" } : { type: "text" });
      control.value = value === undefined || value === null ? "" : String(value);
      control.addEventListener("input", function () {
        var v = control.value;
        if (node.type === "integer" && /^-?\d+$/.test(v.trim())) v = Number(v.trim());
        setValue(path, v, required);
      });
    }
    control.setAttribute("data-jc-focus", pathKey(path));
    return labelled(fieldName(key), control);
  }

  function choices(kind) {
    if (kind === "personas") return S.data.personas.map(function (p) { return [p.id, p.name]; });
    if (kind === "channels") return S.data.channels.map(function (c) { return [c.id, c.label]; });
    var list = (get(kind === "sources" ? ["sources"] : ["stages"]) || { toJSON: function () { return []; } });
    var items = list.toJSON ? list.toJSON() : [];
    return (items || []).filter(function (i) { return i && typeof i.id === "string"; }).map(function (i) { return [i.id, i.id]; });
  }

  function stringListField(node, path, required) {
    var key = path[path.length - 1];
    var current = get(path);
    var values = current && current.toJSON ? current.toJSON() : [];
    if (!Array.isArray(values)) values = [];
    var kind = ID_LISTS[key];
    if (kind) {
      var box = el("fieldset", { class: "jc-field jc-checks" });
      box.appendChild(legend(key));
      var known = choices(kind);
      values.forEach(function (v) {
        if (known.every(function (k) { return k[0] !== v; })) known.push([v, String(v)]);
      });
      known.forEach(function (choice) {
        var input = el("input", { type: "checkbox", value: choice[0], "data-jc-focus": pathKey(path) + ":" + choice[0] });
        input.checked = values.indexOf(choice[0]) >= 0;
        input.addEventListener("change", function () {
          var picked = Array.prototype.map.call(box.querySelectorAll("input:checked"), function (i) { return i.value; });
          setList(path, picked, required);
        });
        var label = el("label", { class: "jc-check" });
        label.appendChild(input);
        label.appendChild(document.createTextNode(" " + choice[1]));
        box.appendChild(label);
      });
      return box;
    }
    var area = el("textarea", { rows: String(Math.max(2, values.length + 1)) });
    area.value = values.join("\n");
    area.setAttribute("data-jc-focus", pathKey(path));
    area.addEventListener("input", function () {
      setList(path, area.value.split("\n").filter(function (l) { return l.trim(); }), required);
    });
    return labelled(fieldName(key, word("one_per_line")), area);
  }

  function emotionField(path) {
    var value = get(path);
    var perPersona = value && typeof value === "object";
    var personas = (get(["personas"]) || { toJSON: function () { return []; } }).toJSON() || [];
    var box = el("fieldset", { class: "jc-field jc-emotion" });
    box.appendChild(legend("emotion"));
    function input(subPath, current, labelText) {
      var control = el("input", { type: "number", min: "-2", max: "2", step: "1", inputmode: "numeric",
        "data-jc-focus": pathKey(subPath) });
      control.value = current === undefined || current === null ? "" : String(current);
      control.addEventListener("input", function () {
        var v = control.value.trim();
        setValue(subPath, /^-?\d+$/.test(v) ? Number(v) : v, false);
      });
      var field = labelled(labelText, control);
      field.setAttribute("data-jc-path", pathKey(subPath));
      var error = el("p", { class: "jc-field-error", hidden: "" });
      field.appendChild(error);
      S.fields[pathKey(subPath)] = field;
      return field;
    }
    if (perPersona) {
      var js = value.toJSON();
      var ids = personas.concat(Object.keys(js).filter(function (p) { return personas.indexOf(p) < 0; }));
      ids.forEach(function (p) { box.appendChild(input(path.concat(p), js[p], p)); });
    } else {
      box.appendChild(input(path, value, word("same_for_all")));
    }
    if (personas.length > 1 || perPersona) {
      var toggle = el("button", { type: "button", class: "md-button jc-small" }, perPersona ? word("same_for_all") : word("per_persona"));
      toggle.addEventListener("click", function () {
        var current = get(path);
        if (perPersona) {
          var first = current && current.toJSON ? Object.values(current.toJSON())[0] : 0;
          setValue(path, first === undefined ? 0 : first, false);
        } else {
          var mapping = {};
          personas.forEach(function (p) { mapping[p] = current === undefined ? 0 : current; });
          S.doc.setIn(path, S.doc.createNode(mapping));
        }
        render(pathKey(path) + ":toggle");
      });
      toggle.setAttribute("data-jc-focus", pathKey(path) + ":toggle");
      box.appendChild(toggle);
    }
    return box;
  }

  function itemTitle(listKey, item, i) {
    var what = listKey === "stages" ? word("stage") : listKey === "steps" ? word("step") : listKey;
    var name = item && typeof item === "object" ? item.name || item.action || item.title || item.text || item.id : item;
    return word("item", { what: what, num: i + 1 }) + (name ? ": " + String(name).slice(0, 60) : "");
  }

  function listField(node, path, required) {
    var key = path[path.length - 1];
    var box = el("fieldset", { class: "jc-field jc-list jc-list--" + key });
    box.appendChild(legend(key));
    var seq = S.doc.getIn(path, true);
    var items = seq && seq.items ? seq.items : [];
    var itemSchema = node.items.$ref ? node.items : node.items.oneOf[1];
    items.forEach(function (itemNode, i) {
      var itemPath = path.concat(i);
      var item = get(itemPath);
      var js = item && item.toJSON ? item.toJSON() : item;
      var details = el("details", { class: "jc-item" });
      details.open = true;
      var summary = el("summary", {}, itemTitle(key, js, i));
      details.appendChild(summary);
      var buttons = el("div", { class: "jc-item-buttons" });
      [["up", -1], ["down", 1], ["remove", 0]].forEach(function (b) {
        var focus = pathKey(itemPath) + ":" + b[0];
        var button = el("button", { type: "button", class: "md-button jc-small", "data-jc-focus": focus,
          "data-jc-item-action": b[0], "aria-label": word(b[0]) + " — " + itemTitle(key, js, i) }, word(b[0]));
        if ((b[1] === -1 && i === 0) || (b[1] === 1 && i === items.length - 1)) button.disabled = true;
        button.addEventListener("click", function () { moveItem(path, i, b[1], b[0]); });
        buttons.appendChild(button);
      });
      details.appendChild(buttons);
      if (typeof js === "string" || typeof js === "number") {  // a plain-text pain or opportunity
        details.appendChild(scalarField({ type: "string" }, itemPath, true));
      } else {
        renderObject(itemSchema, itemPath, details);
      }
      box.appendChild(details);
    });
    var add = el("button", { type: "button", class: "md-button jc-small", "data-jc-focus": pathKey(path) + ":add",
      "data-jc-item-action": "add" }, word("add") + " — " + key);
    add.addEventListener("click", function () {
      var seqNode = seqAt(path);
      seqNode.items.push(S.doc.createNode((NEW_ITEMS[key] || function () { return {}; })(seqNode.items.length + 1)));
      render(pathKey(path) + ":add");
    });
    box.appendChild(add);
    return box;
  }

  function moveItem(path, i, delta, action) {
    var seq = S.doc.getIn(path, true);
    if (action === "remove") {
      seq.items.splice(i, 1);
      var next = seq.items.length ? pathKey(path.concat(Math.min(i, seq.items.length - 1))) + ":remove" : pathKey(path) + ":add";
      render(next);
      return;
    }
    var j = i + delta;
    var moved = seq.items.splice(i, 1)[0];
    seq.items.splice(j, 0, moved);
    var focus = pathKey(path.concat(j)) + ":" + action;
    render(focus);
    var button = S.form.querySelector('[data-jc-focus="' + focus + '"]');
    if (!button || button.disabled) {
      var other = S.form.querySelector('[data-jc-focus="' + pathKey(path.concat(j)) + ':remove"]');
      if (other) other.focus();
    }
  }

  /* -- checks ---------------------------------------------------------------------------------------- */

  function toPath(pointer) {
    return pointer.split("/").slice(1).map(function (p) {
      p = p.replace(/~1/g, "/").replace(/~0/g, "~");
      return /^\d+$/.test(p) ? Number(p) : p;
    });
  }
  function valueAt(data, path) {
    return path.reduce(function (v, k) { return v === undefined || v === null ? undefined : v[k]; }, data);
  }
  function fieldKey(path) {
    for (var i = path.length - 1; i >= 0; i--) if (typeof path[i] === "string") return { key: path[i], depth: path.length - 1 - i };
    return { key: "", depth: 0 };
  }

  /* A problem at `path` in the words of format/validate.py and format/model.py. */
  function worded(error, data) {
    var path = toPath(error.instancePath);
    if (error.keyword === "required") return [path.concat(error.params.missingProperty), msg("missing")];
    if (error.keyword === "additionalProperties") {
      var key = error.params.additionalProperty;
      var allowed = Object.keys(core(schemaAt(path)).properties || {});
      var hint = suggestion(key, allowed) || (allowed.length ? msg("allowed_here", { fields: allowed.join(", ") }) : "");
      return [path.concat(key), msg("unknown_field", { key: key, hint: hint })];
    }
    var value = valueAt(data, path), found = describe(value), f = fieldKey(path);
    var node = schemaAt(path);
    if (path[path.length - 1] === "emotion" || path[path.length - 2] === "emotion") return [path, msg("jc_valence", { found: found })];
    if (f.key === "updated" || f.key === "date") {  // an impossible date is a YAML problem to the CLI
      var real = typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) ? "real_date" : "jc_date";
      return [path, msg(real, { found: found })];
    }
    if (f.key === "lang") return [path, msg("jc_language", { found: found })];
    if (f.key === "url") return [path, msg("jc_url", { found: found })];
    if (f.key === "sample") return [path, msg("jc_count", { found: found })];
    if (node.type === "boolean") return [path, msg("jc_bool", { found: found })];
    if (node.enum) return [path, msg("expected", { what: oneOf(node.enum.map(String)), found: found })];
    if (node.type === "array") {
      if (!Array.isArray(value)) return [path, msg("expected", { what: msg("a_list"), found: found })];
      var forms = error.keyword === "maxItems" ? "at_most" : "at_least";
      var n = forms === "at_most" ? node.maxItems : node.minItems;
      return [path, msg("expected", { what: msg(forms, { num: n }), found: found })];
    }
    if (node.type === "object" || node.properties) {
      if (typeof value === "string" && (f.key === "pains" || f.key === "opportunities")) {
        return [path, value.trim() ? msg("jc_text", { found: found }) : msg("jc_empty_text")];
      }
      return [path, msg("expected", { what: msg("a_mapping_of_fields"), found: found })];
    }
    if (node.pattern && /a-z0-9/.test(node.pattern)) return [path, msg("jc_id", { found: found })];
    if (typeof value === "string" && !value.trim()) return [path, msg("jc_empty_text")];
    return [path, msg("jc_text", { found: found })];
  }

  function crossChecks(data) {
    var out = [];
    var list = function (v) { return Array.isArray(v) ? v : []; };
    var dict = function (v) { return v && typeof v === "object" && !Array.isArray(v) ? v : {}; };
    var personaIds = S.data.personas.map(function (p) { return p.id; });
    var mapPersonas = list(data.personas).filter(function (p) { return typeof p === "string"; });
    list(data.personas).forEach(function (p, i) {
      if (typeof p === "string" && personaIds.indexOf(p) < 0) {
        out.push([["personas", i], msg("unknown_persona", { persona: p, hint: suggestion(p, personaIds) })]);
      }
    });
    if (typeof data.updated === "string" && isDate(data.updated) && data.updated > S.data.today) {
      out.push([["updated"], msg("future_update", { found: data.updated })]);
    }
    var sourceIds = list(data.sources).filter(function (s) { return s && typeof s.id === "string"; }).map(function (s) { return s.id; });
    var sourceIndexes = [];
    list(data.sources).forEach(function (s, i) { if (s && typeof s.id === "string") sourceIndexes.push(i); });
    sourceIds.forEach(function (id, k) {
      if (sourceIds.indexOf(id) < k) out.push([["sources", sourceIndexes[k], "id"], msg("source_twice", { id: id })]);
    });
    var stages = list(data.stages);
    var stageIds = stages.map(function (s) { return dict(s).id; }).filter(function (id) { return typeof id === "string"; });
    var first = {};
    stages.forEach(function (stage, s) {
      var id = dict(stage).id;
      if (typeof id !== "string") return;
      if (id in first) out.push([["stages", s, "id"], msg("stage_twice", { id: id, first: "stages[" + first[id] + "]" })]);
      else first[id] = s;
      list(dict(stage).next).forEach(function (t, n) {
        if (typeof t === "string" && stageIds.indexOf(t) < 0) {
          out.push([["stages", s, "next", n], msg("unknown_stage", { id: t, ids: stageIds.join(", ") })]);
        }
      });
    });
    var channelIds = S.data.channels.map(function (c) { return c.id; });
    var known = sourceIds.length ? msg("sources_in_map", { ids: sourceIds.join(", ") }) : msg("no_sources");
    stages.forEach(function (stage, s) {
      list(dict(stage).steps).forEach(function (step, t) {
        var base = ["stages", s, "steps", t];
        step = dict(step);
        list(step.touchpoints).forEach(function (c, k) {
          if (typeof c === "string" && channelIds.indexOf(c) < 0) {
            out.push([base.concat("touchpoints", k), msg("unknown_channel", { channel: c, hint: suggestion(c, channelIds), ids: channelIds.join(", ") })]);
          }
        });
        Object.keys(dict(step.emotion)).forEach(function (p) {
          if (mapPersonas.indexOf(p) < 0) out.push([base.concat("emotion", p), msg("absent_persona", { id: p, ids: mapPersonas.join(", ") })]);
        });
        ["pains", "opportunities"].forEach(function (kind) {
          list(step[kind]).forEach(function (item, k) {
            list(dict(item).sources).forEach(function (ref, r) {
              if (typeof ref === "string" && sourceIds.indexOf(ref) < 0) {
                out.push([base.concat(kind, k, "sources", r), msg("unknown_source", { id: ref, hint: suggestion(ref, sourceIds) || known })]);
              }
            });
          });
        });
      });
    });
    return out;
  }

  function problems(data) {
    var found = [], seen = {};
    if (!S.check(data)) {
      S.check.errors.forEach(function (error) {
        if (error.keyword === "anyOf" || error.keyword === "oneOf") return;
        var p = worded(error, data), k = pathKey(p[0]);
        if (!seen[k]) { seen[k] = 1; found.push(p); }
      });
    }
    crossChecks(data).forEach(function (p) {
      var k = pathKey(p[0]) + "|" + p[1];
      if (!seen[k]) { seen[k] = 1; found.push(p); }
    });
    return found;
  }
  function fieldPath(path) {
    return path.reduce(function (out, part) {
      return typeof part === "number" ? out + "[" + part + "]" : out + (out ? "." : "") + part;
    }, "");
  }

  function showProblems(found) {
    Object.keys(S.fields).forEach(function (k) {
      var error = S.fields[k].querySelector(":scope > .jc-field-error");
      error.hidden = true;
      error.textContent = "";
      S.fields[k].classList.remove("jc-field--invalid");
      S.fields[k].querySelectorAll("input, select, textarea").forEach(function (c) { c.removeAttribute("aria-invalid"); });
    });
    found.forEach(function (p) {
      var path = p[0].slice();
      while (path.length && !S.fields[pathKey(path)]) path.pop();
      var field = S.fields[pathKey(path)];
      if (!field) return;
      var error = field.querySelector(":scope > .jc-field-error");
      error.hidden = false;
      error.textContent = (error.textContent ? error.textContent + " " : "") + (path.length < p[0].length ? fieldPath(p[0]) + ": " : "") + p[1];
      field.classList.add("jc-field--invalid");
      var control = field.querySelector(":scope > input, :scope > select, :scope > textarea");
      if (control) {
        control.setAttribute("aria-invalid", "true");
        if (!error.id) error.id = "jc-err-" + (++labelled.n);
        control.setAttribute("aria-describedby", error.id);
      }
    });
    S.summary.textContent = "";
    if (!found.length) {
      S.summary.appendChild(el("p", { class: "jc-editor-valid", "data-jc-editor-valid": "" }, word("valid")));
      return;
    }
    S.summary.appendChild(el("p", { class: "jc-editor-invalid" }, word("problems", { num: found.length })));
    var listNode = el("ul", { "data-jc-editor-problems": "" });
    found.forEach(function (p) { listNode.appendChild(el("li", {}, fieldPath(p[0]) + ": " + p[1])); });
    S.summary.appendChild(listNode);
  }

  /* -- after every change: checks, preview, output, draft --------------------------------------------- */

  function changed(fromRender) {
    var data = S.doc.toJS() || {};
    var text = serialise();
    S.text = text;
    S.problems = problems(data);
    showProblems(S.problems);
    preview(data);
    output();
    if (!fromRender || S.origin === "new") saveDraft(text);
    if (!fromRender && S.formShape !== shape(data)) {
      var active = document.activeElement;
      render(active && active.getAttribute("data-jc-focus"));
    }
  }
  function shape(data) {  // what decides the form's fields: lists' lengths, personas, emotion kinds
    return JSON.stringify(data, function (k, v) {
      if (k === "emotion") return v && typeof v === "object" ? Object.keys(v) : 0;
      if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return k === "personas" ? v : 0;
      return v;
    }) + JSON.stringify(data.personas || []) + JSON.stringify((data.sources || []).map(function (s) { return s && s.id; }));
  }
  var renderObjectInner = renderObject;
  renderObject = function (schema, path, container) {  // remember the shape the form was built for
    if (!path.length) S.formShape = shape(S.doc.toJS() || {});
    renderObjectInner(schema, path, container);
  };

  function output() {
    if (!S.text) return;
    var name = (S.id || "my-map") + ".md";
    S.actions.textContent = "";
    if (S.url) URL.revokeObjectURL(S.url);
    S.url = URL.createObjectURL(new Blob([S.text], { type: "text/markdown;charset=utf-8" }));
    var download = el("a", { class: "md-button md-button--primary", download: name, href: S.url, "data-jc-editor-download": "" },
      word("download", { file: name }));
    S.actions.appendChild(download);
    var copy = el("button", { type: "button", class: "md-button", "data-jc-editor-copy": "" }, word("copy"));
    var copied = el("span", { role: "status", class: "jc-editor-copied" });
    copy.addEventListener("click", function () {
      navigator.clipboard.writeText(S.text).then(function () { copied.textContent = word("copied"); });
    });
    S.actions.appendChild(copy);
    S.actions.appendChild(copied);
    if (!S.data.github_new) return;
    var path = S.data.maps_path + "/" + name;
    if (S.origin === "map") {
      S.actions.appendChild(el("p", { class: "jc-editor-note" }, word("github_existing")));
      S.actions.appendChild(el("a", { class: "md-button", href: S.data.github_new.replace("/new/", "/edit/") + "/" + path,
        "data-jc-editor-github": "edit" }, word("github_edit")));
      return;
    }
    var url = S.data.github_new + "?filename=" + encodeURIComponent(path) + "&value=" + encodeURIComponent(S.text);
    S.actions.appendChild(el("a", { class: "md-button", href: url, "data-jc-editor-github": "new" }, word("github_new")));
    if (url.length > 8000) S.actions.appendChild(el("p", { class: "jc-editor-note" }, word("github_too_long")));
  }

  /* -- the preview: the emotion curve, one line per persona, drawn with the site's ECharts ------------- */

  function curves(data) {
    var personas = Array.isArray(data.personas) ? data.personas.filter(function (p) { return typeof p === "string"; }) : [];
    var labels = [], lines = {};
    personas.forEach(function (p) { lines[p] = []; });
    (Array.isArray(data.stages) ? data.stages : []).forEach(function (stage, s) {
      ((stage && Array.isArray(stage.steps)) ? stage.steps : []).forEach(function (step, t) {
        labels.push((s + 1) + "." + (t + 1));
        var e = step ? step.emotion : null;
        personas.forEach(function (p) {
          var v = e && typeof e === "object" ? e[p] : e;
          lines[p].push(typeof v === "number" && v >= -2 && v <= 2 ? v : null);
        });
      });
    });
    var names = {};
    S.data.personas.forEach(function (p) { names[p.id] = p.name; });
    return { labels: labels, series: personas.map(function (p) {
      return { type: "line", name: names[p] || p, data: lines[p], connectNulls: false, symbolSize: 8 };
    }) };
  }
  function preview(data) {
    var c = curves(data);
    S.curves = c;
    var src = S.root.getAttribute("data-jc-echarts");
    var draw = function (echarts) {
      if (!S.chart.isConnected) return;
      var chart = echarts.getInstanceByDom(S.chart) || echarts.init(S.chart, null, { renderer: "canvas" });
      var dark = document.body.getAttribute("data-md-color-scheme") === "slate";
      var ink = dark ? "#e2e4e9" : "#333";
      chart.setOption({
        animation: false,
        textStyle: { color: ink },
        legend: { top: 0, textStyle: { color: ink } },
        tooltip: { trigger: "axis" },
        grid: { left: 36, right: 16, top: 36, bottom: 28 },
        xAxis: { type: "category", data: c.labels, axisLabel: { color: ink } },
        yAxis: { type: "value", min: -2, max: 2, interval: 1, axisLabel: { color: ink } },
        series: c.series
      }, { notMerge: true });
      S.chart.setAttribute("data-jc-drawn", "");
    };
    if (window.echarts) draw(window.echarts);
    else if (src) loadScript(new URL(src, document.baseURI).href).then(function () { draw(window.echarts); }).catch(function () {});
  }

  if (typeof window.document$ !== "undefined") window.document$.subscribe(boot);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
  else boot();
})();
