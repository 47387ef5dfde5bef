/*
 * gongkai search worker: answers Material for MkDocs' search box from the archive's own index
 * (build_tools/search_index.py writes it; overrides/main.html points Material's __config.search here).
 *
 * Material's worker protocol (9.x, integrations/search/worker/message):
 *   page → worker  {type: 0, data: {config, docs, options}}   SETUP, with Material's own index
 *   worker → page  {type: 1}                                   READY
 *   page → worker  {type: 2, data: "query"}                    QUERY
 *   worker → page  {type: 3, data: {items: SearchItem[][]}}    RESULT; each group's first item is a page
 * A query is answered up to three times: at once from the name index (places, organs, years) and
 * Material's pages; again with the reports whose text holds every bigram of the query, once those
 * buckets are in; and last with the first of those reports checked against their text (s/<slug>.txt.gz):
 * a report that holds the bigrams but not the phrase is dropped, the others show where it occurs.
 * Titles and texts are HTML (Material inserts them with innerHTML), so names are escaped here.
 */
"use strict"

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3
var FORMAT = 1
var ROOT = new URL("../../", self.location.href)   /* this file is assets/search/worker.js */
var INDEX = new URL("search/gongkai/", ROOT)
var LEVEL = { 2: "省级", 4: "地级", 6: "县级", 9: "乡级" }
var YEAR = /^((?:19|20)\d\d)(?:年度?)?$/
var CHECKED = 20       /* text hits checked against their text and shown with a snippet */
var AROUND = 24        /* characters of context on each side of the phrase in a snippet */

var index = null       /* the name index, decoded */
var pages = []         /* Material's own documents: the pages that are not reports or regions */
var buckets = new Map()
var latest = 0

function normalize(text) {
  return text.normalize("NFKC").toLowerCase()
}

/* Split like search_index.terms(): runs of letters and digits. */
function terms(text) {
  return normalize(text).split(/[^\p{L}\p{N}]+/u).filter(function (t) { return t.length > 0 })
}

function bigrams(term) {
  var chars = Array.from(term), out = []
  for (var i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1])
  return out
}

/* 32-bit FNV-1a over code points, as search_index.bucket_of. */
function bucketOf(bigram, count) {
  var h = 0x811c9dc5
  for (var ch of bigram) {
    h ^= ch.codePointAt(0)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h % count
}

function escapeHTML(text) {
  return String(text).replace(/[&<>"']/g, function (c) {
    return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]
  })
}

function mark(text, words) {
  var html = escapeHTML(text)
  for (var word of words) {
    var w = escapeHTML(word)
    if (w) html = html.split(w).join("\u0000" + w + "\u0001")
  }
  return html.replace(/\u0000/g, "<mark>").replace(/\u0001/g, "</mark>")
}

/* ----------------------------------------------------------------------------------------------- */

function decode(data) {
  var places = data.places, sites = data.sites || null
  var names = [], paths = [], texts = [], urls = []
  for (var i = 0; i < places.length; i++) {
    var name = places[i][0], parent = places[i][1], code = places[i][2]
    var path = parent >= 0 ? paths[parent].concat([name]) : [name]
    names.push(name)
    paths.push(path)
    texts.push(normalize(path.join("")))
    urls.push(sites ? siteOf(sites, code, "region/" + code + "/") : "region/" + code + "/")
  }
  var docs = []
  for (var group of data.organs) {
    var place = group[0], organ = group[1]
    for (var item of group[2]) {
      var year = Array.isArray(item) ? item[0] : item
      var slug = Array.isArray(item) ? item[1] : places[place][2] + "/" + year
      docs.push({
        place: place, organ: organ, year: year, url: "r/" + slug + "/",
        text: normalize(organ) + "\u0001" + (place >= 0 ? texts[place] : "")
      })
    }
  }
  return { data: data, names: names, paths: paths, texts: texts, urls: urls, docs: docs }
}

/* The shard site holding a place: the longest site code that starts its code. */
function siteOf(sites, code, path) {
  var best = null
  for (var key in sites)
    if (code.startsWith(key) && (best === null || key.length > best.length)) best = key
  return best === null ? null : sites[best] + path
}

function parse(query) {
  var words = [], years = []
  for (var t of terms(query)) {
    var y = YEAR.exec(t)
    if (y) years.push(+y[1])
    else words.push(t)
  }
  return { words: words, years: years }
}

function yearOk(doc, q) {
  for (var y of q.years) if (doc.year !== y) return false
  return true
}

function placeItem(i, q, score) {
  var code = index.data.places[i][2]
  var title = index.names[i] + "（" + (LEVEL[code.length] || "地区") + "）"
  return {
    location: index.urls[i], title: mark(title, q.words),
    text: escapeHTML(index.paths[i].join(" › ")), score: score, terms: termsOf(q)
  }
}

function docItem(n, q, score, snippet) {
  var doc = index.docs[n]
  var path = doc.place >= 0 ? index.paths[doc.place].join(" › ") : "地区未确定"
  return {
    location: doc.url, title: mark((doc.organ || "（机关名称未印出）") + " " + (doc.year || "") + " 年度报告", q.words),
    text: escapeHTML(path) + (snippet ? "<br>" + mark(snippet, q.words) : ""), score: score, terms: termsOf(q)
  }
}

function termsOf(q) {
  var out = {}
  for (var w of q.words) out[w] = true
  for (var y of q.years) out[String(y)] = true
  return out
}

/* Reports (numbers) whose organ or place names hold every word. */
function nameHits(q) {
  var hits = []
  if (!q.words.length && !q.years.length) return hits
  for (var n = 0; n < index.docs.length; n++) {
    var doc = index.docs[n]
    if (!yearOk(doc, q)) continue
    var ok = true
    for (var w of q.words) if (doc.text.indexOf(w) < 0) { ok = false; break }
    if (ok) hits.push(n)
  }
  return hits
}

function placeHits(q) {
  var hits = []
  if (!q.words.length || q.years.length) return hits
  for (var i = 0; i < index.texts.length; i++) {
    if (index.urls[i] === null) continue
    var ok = true
    for (var w of q.words) if (index.texts[i].indexOf(w) < 0) { ok = false; break }
    if (ok) hits.push(i)
  }
  return hits
}

/* Material's own pages (home, glossary, method…), grouped by page as Material groups them. */
function pageHits(q) {
  var words = q.words.concat(q.years.map(String))
  if (!words.length) return []
  var groups = new Map()
  for (var doc of pages) {
    var hay = doc.search
    var ok = true
    for (var w of words) if (hay.indexOf(w) < 0) { ok = false; break }
    if (!ok) continue
    var article = doc.location.split("#")[0]
    if (!groups.has(article)) groups.set(article, [])
    groups.get(article).push({
      location: doc.location, title: mark(doc.plainTitle, words), text: doc.section ? mark(doc.plainText, words) : "",
      score: 2, terms: termsOf(q)
    })
  }
  var out = []
  for (var [article, items] of groups) {
    if (!items.some(function (it) { return it.location === article })) {
      var page = pages.find(function (d) { return d.location === article })
      if (page) items.unshift({ location: article, title: escapeHTML(page.plainTitle), text: "", score: 0, terms: termsOf(q) })
      else items[0] = Object.assign({}, items[0], { location: article })
    }
    items.sort(function (a, b) { return (a.location === article ? 0 : 1) - (b.location === article ? 0 : 1) })
    out.push(items)
  }
  return out
}

function byYear(a, b) {
  return (index.docs[b].year || 0) - (index.docs[a].year || 0) || a - b
}

function answer(q, textDocs, snippets) {
  var items = []
  for (var i of placeHits(q)) items.push([placeItem(i, q, 4)])
  var named = nameHits(q).sort(byYear)
  var seen = new Set(named)
  for (var n of named) items.push([docItem(n, q, 3)])
  items = items.concat(pageHits(q))
  if (textDocs)
    for (var m of textDocs.sort(byYear))
      if (!seen.has(m)) items.push([docItem(m, q, 1, snippets ? snippets.get(m) : null)])
  return { items: items }
}

/* The text hits in the order they are shown, without those the names already found. */
function shownText(q, textDocs) {
  var named = new Set(nameHits(q))
  return textDocs.slice().sort(byYear).filter(function (n) { return !named.has(n) })
}

/* A report's searchable text, stored gzipped (s/<slug>.txt.gz). Without DecompressionStream it cannot
 * be read, and the hit is shown unchecked, as one whose text did not load. */
function reportText(n) {
  var url = index.docs[n].url   /* r/<slug>/ */
  return fetch(new URL("s/" + url.slice(2, -1) + ".txt.gz", INDEX)).then(function (r) {
    if (!r.ok) throw new Error("search text " + url + ": HTTP " + r.status)
    return r.arrayBuffer()
  }).then(gunzipText)
}

/* The text of a file's bytes, gunzipped when they are gzip (a server may have decoded them on the way). */
function gunzipText(buffer) {
  var bytes = new Uint8Array(buffer)
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return new TextDecoder().decode(bytes)
  return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"))).text()
}

/* Where the first word occurs in a report's text, with some context; null when a word does not occur. */
function snippetOf(text, words) {
  var plain = normalize(text)
  var shown = plain.length === text.length ? text : plain
  var at = -1
  for (var w of words) {
    var k = plain.indexOf(w)
    if (k < 0) return null
    if (at < 0) at = k
  }
  var from = Math.max(0, at - AROUND), to = Math.min(text.length, at + words[0].length + AROUND)
  return (from > 0 ? "…" : "") + shown.slice(from, to).replace(/\s+/g, " ") + (to < shown.length ? "…" : "")
}

/* Check the first text hits against their text: drop those without the phrase, keep where it occurs. */
async function checked(q, textDocs) {
  var first = shownText(q, textDocs).slice(0, CHECKED)
  var texts = await Promise.all(first.map(function (n) {
    return reportText(n).then(function (t) { return [n, t] }, function () { return [n, null] })
  }))
  var snippets = new Map(), wrong = new Set()
  for (var [n, text] of texts) {
    if (text === null) continue
    var snippet = snippetOf(text, q.words)
    if (snippet === null) wrong.add(n)
    else snippets.set(n, snippet)
  }
  return { docs: textDocs.filter(function (n) { return !wrong.has(n) }), snippets: snippets }
}

/* ----------------------------------------------------------------------------------------------- */

function bucket(n) {
  if (!buckets.has(n))
    buckets.set(n, fetch(new URL("t/" + n + ".json", INDEX)).then(function (r) {
      if (!r.ok) throw new Error("search bucket " + n + ": HTTP " + r.status)
      return r.json()
    }))
  return buckets.get(n)
}

/* A bitmap over report numbers from postings: gaps between numbers, or a base64 bitmap. */
function bitmapOf(postings, size) {
  var bits = new Uint8Array((size + 7) >> 3)
  if (postings === undefined) return bits
  if (Array.isArray(postings)) {
    var n = 0
    for (var k = 0; k < postings.length; k++) {
      n = k === 0 ? postings[0] : n + postings[k]
      bits[n >> 3] |= 1 << (n & 7)
    }
  } else {
    var raw = atob(postings)
    for (var j = 0; j < raw.length; j++) bits[j] = raw.charCodeAt(j)
  }
  return bits
}

/* Reports whose text holds every bigram of every word, or whose names hold the word. */
async function textHits(q) {
  var size = index.docs.length, count = index.data.buckets
  if (!count || !q.words.some(function (w) { return Array.from(w).length > 1 })) return null
  var needed = new Map()
  for (var w of q.words)
    for (var b of bigrams(w)) needed.set(b, bucketOf(b, count))
  var loaded = await Promise.all(Array.from(new Set(needed.values())).map(function (n) {
    return bucket(n).then(function (data) { return [n, data] })
  }))
  var data = new Map(loaded)
  var all = null
  for (var word of q.words) {
    var hit = new Uint8Array((size + 7) >> 3)
    var grams = bigrams(word)
    if (grams.length) {
      hit.fill(255)
      for (var g of grams) {
        var bits = bitmapOf(data.get(needed.get(g))[g], size)
        for (var i = 0; i < hit.length; i++) hit[i] &= bits[i]
      }
    }
    for (var d = 0; d < size; d++)
      if (index.docs[d].text.indexOf(word) >= 0) hit[d >> 3] |= 1 << (d & 7)
    if (all === null) all = hit
    else for (var x = 0; x < all.length; x++) all[x] &= hit[x]
  }
  var out = []
  for (var n = 0; n < size; n++)
    if (all[n >> 3] & (1 << (n & 7)) && yearOk(index.docs[n], q)) out.push(n)
  return out
}

/* ----------------------------------------------------------------------------------------------- */

function stripTags(html) {
  return String(html || "").replace(/<[^>]*>/g, "").replace(/&lt;/g, "<").replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&").replace(/\u200b/g, "")
}

async function setup(data) {
  pages = (data.docs || []).map(function (doc) {
    var title = stripTags(doc.title), text = stripTags(doc.text)
    return {
      location: doc.location, plainTitle: title, plainText: text.slice(0, 300),
      section: doc.location.indexOf("#") >= 0, search: normalize(title + "\u0001" + text)
    }
  })
  var response = await fetch(new URL("names.json", INDEX))
  if (!response.ok) throw new Error("search names: HTTP " + response.status)
  var names = await response.json()
  if (names.format !== FORMAT) throw new Error("search names: format " + names.format + ", expected " + FORMAT)
  index = decode(names)
}

/* The last answer to a query carries `complete: true` (Material ignores it; tests wait for it). */
async function query(text) {
  var id = ++latest
  var q = parse(text)
  var first = answer(q, null)
  var pending = index.data.buckets > 0 && q.words.some(function (w) { return Array.from(w).length > 1 })
  if (!pending) {
    first.complete = true
    postMessage({ type: RESULT, data: first })
    return
  }
  /* An empty first answer would flash "no results" while the full text is on its way. */
  if (first.items.length) postMessage({ type: RESULT, data: first })
  var docs = null
  try {
    docs = await textHits(q)
  } catch (err) {
    console.warn(err)
  }
  if (id !== latest) return
  if (docs === null || !docs.length) {
    var none = answer(q, docs)
    none.complete = true
    postMessage({ type: RESULT, data: none })
    return
  }
  postMessage({ type: RESULT, data: answer(q, docs) })
  var sure = await checked(q, docs)
  if (id !== latest) return
  var last = answer(q, sure.docs, sure.snippets)
  last.complete = true
  postMessage({ type: RESULT, data: last })
}

addEventListener("message", function (ev) {
  var message = ev.data
  if (message.type === SETUP) {
    setup(message.data).then(
      function () { postMessage({ type: READY }) },
      function (err) { console.warn(err); index = decode({ places: [], organs: [], buckets: 0 }); postMessage({ type: READY }) }
    )
  } else if (message.type === QUERY) {
    query(message.data)
  }
})
