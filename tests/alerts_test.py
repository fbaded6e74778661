#!/usr/bin/env python3
"""End-to-end checks of saved-query alerts (naba alert, naba index --alerts).

  alerts_test.py NABA ROOT batches   every matching (alert, article) pair is delivered
                                     exactly once over three batches, and equals a search
                                     of each batch alone (indexed into an index of its own)
  alerts_test.py NABA ROOT batches_shards   the same over an index of 2 shards (a cursor
                                     per shard; the third batch with index --alerts-json)
  alerts_test.py NABA ROOT sigkill   naba alert run killed (SIGKILL) at random points:
                                     nothing lost, nothing already recorded delivered again
  alerts_test.py NABA ROOT sigkill_shards   the same over an index of 2 shards
"""
import json, os, random, shutil, signal, sqlite3, subprocess, sys, tempfile, time

from naba_testlib import Checks, runner, sample_path

naba, root, which = sys.argv[1], sys.argv[2], sys.argv[3]

run = runner(naba)

check = Checks()

# Varied alerts: Arabic and Latin entity names, phrases, AND / OR / NOT / -word,
# source filters (option and query field), title:, dates.
ALERTS = [
    ("raqqa", ["الرقة"], []), ("raqqa_latin", ["Raqqa"], []), ("syria", ["سوريا"], []),
    ("damascus", ["دمشق"], []), ("assad", ['"بشار الأسد"'], []), ("iraq", ["العراق"], []),
    ("trump", ["ترامب"], []), ("russia", ["روسيا"], []), ("iran", ["إيران"], []),
    ("syria_not_russia", ["سوريا", "-روسيا"], []), ("gaza_or_jerusalem", ["(غزة OR القدس)"], []),
    ("trump_and_iran", ["ترامب AND إيران"], []), ("saudi_not_yemen", ["السعودية NOT اليمن"], []),
    ("security_council", ['"مجلس الأمن"'], []), ("un_secretary", ['"الأمين العام"'], []),
    ("bbc_syria", ["سوريا"], ["--source", "BBC"]), ("cnn_trump", ["ترامب"], ["--source", "cnn"]),
    ("skynews_field", ['source:skynews', "الإمارات"], []), ("title_world_cup", ["title:كأس"], []),
    ("football", ["كرة", "القدم"], []), ("tunisia", ["تونس"], ["--source", "Jawhara FM"]),
    ("egypt_2018", ["مصر"], ["--since", "2018-01-01"]), ("oil", ["النفط", "OR", "الغاز"], []),
    ("election", ["الانتخابات"], []), ("turkey_kurds", ["تركيا AND الأكراد"], []),
    ("lebanon_hezbollah", ['لبنان "حزب الله"'], []), ("nothing", ["xyzzyqq"], []),
]

def add_alerts(db, alerts):
    for name, words, opts in alerts:
        r = run("alert", "add", "--db", db, *opts, name, "--", *words)
        check(r.returncode == 0, f"alert add {name}: {r.stderr}")

def delivered_pairs(stdout):
    pairs = []
    for line in stdout.splitlines():
        m = json.loads(line)
        check(set(m) >= {"alert", "id", "title", "date", "source", "passage", "highlights"},
              f"JSON keys of a delivery: {sorted(m)}")
        pairs.append((m["alert"], m["id"]))
    return pairs

def search_pairs(db, alerts):
    """Each alert as a naba search of @db (every copy of a story, no limit)."""
    pairs = set()
    for name, words, opts in alerts:
        r = run("search", "--db", db, "--json", "--all-duplicates", "--limit", "100000", *opts,
                "--", *words)
        check(r.returncode in (0, 1), f"search for {name}: {r.stderr}")
        pairs |= {(name, res["id"]) for res in json.loads(r.stdout)["results"]}
    return pairs

def batches_test(tmp, shards=0):
    lines = open(sample_path(root), encoding="utf-8").readlines()
    parts = [lines[:130], lines[130:270], lines[270:]]
    files = []
    for i, part in enumerate(parts):
        files.append(os.path.join(tmp, f"batch{i + 1}.jsonl"))
        open(files[-1], "w", encoding="utf-8").writelines(part)
    db = os.path.join(tmp, "db")

    # Only naba index creates an index: an alert needs one, and its folder stays unmade.
    r = run("alert", "add", "--db", db, "early", "الرقة")
    check(r.returncode == 2 and f"no index at {db}" in r.stderr and not os.path.exists(db),
          f"alert add without an index: {r.stderr}")
    # Saved while the index is empty (naba index of an empty file makes one): the
    # parser's message for a bad query, a warning for a query that matches nothing.
    empty = os.path.join(tmp, "empty.jsonl")
    open(empty, "w").close()
    r = run("index", "--db", db, *(["--shards", str(shards)] if shards else []), empty)
    check(r.returncode == 1 and "empty file" in r.stderr, f"an empty index: {r.stderr}")
    if shards:
        check(set(os.listdir(db)) == {"shards.stub"} | {f"shard-{k}" for k in range(shards)},
              f"a folder of {shards} shards: {sorted(os.listdir(db))}")
    r = run("alert", "add", "--db", db, "broken", '"الرقة')
    check(r.returncode == 2 and "unbalanced quote" in r.stderr, f"bad query refused: {r.stderr}")
    r = run("alert", "add", "--db", db, "bad_date", "--since", "2018/01/01", "سوريا")
    check(r.returncode == 2 and "YYYY-MM-DD" in r.stderr, f"bad date refused: {r.stderr}")
    add_alerts(db, ALERTS)
    r = run("alert", "add", "--db", db, "raqqa", "الرقة")
    check(r.returncode == 2 and "already exists" in r.stderr, f"taken name refused: {r.stderr}")

    seen, all_expected = [], set()
    for i, f in enumerate(files):
        # The batch alone, in an index of its own: what a search restricted to it finds.
        alone = os.path.join(tmp, f"alone{i + 1}")
        r = run("index", "--db", alone, f)
        check(r.returncode == 0, f"index {f} alone: {r.stderr}")
        expected = search_pairs(alone, ALERTS)
        all_expected |= expected
        check(len(expected) > 20, f"batch {i + 1}: the alerts match something ({len(expected)})")

        if i < 2:
            r = run("index", "--db", db, f)
            check(r.returncode == 0 and (not shards or f"({shards} shards)" in r.stderr),
                  f"index batch {i + 1}: {r.stderr}")
            dry = run("alert", "run", "--db", db, "--json", "--dry-run")
            r = run("alert", "run", "--db", db, "--json")
            check(r.returncode == 0, f"alert run after batch {i + 1}: {r.stderr}")
            got = delivered_pairs(r.stdout)
            check(sorted(delivered_pairs(dry.stdout)) == sorted(got),
                  f"batch {i + 1}: --dry-run shows what the run then delivers")
        else:
            # The last batch with index --alerts: alerts run as each commit lands.
            r = run("index", "--db", db, "--alerts-json", "--batch-size", "40", f)
            check(r.returncode == 0 and (not shards or f"({shards} shards)" in r.stderr),
                  f"index --alerts-json batch 3: {r.stderr}")
            got = delivered_pairs(r.stdout)
        saved_first = {p for p in got if p[0] != "late_syria"}
        check(saved_first == expected,
              f"batch {i + 1}: delivered = search of the batch alone; missing "
              f"{sorted(expected - saved_first)[:5]}, extra {sorted(saved_first - expected)[:5]}")
        seen += got
        if i == 0:
            # Added after the first batch, without --since: starts with the next batch.
            r = run("alert", "add", "--db", db, "late_syria", "سوريا")
            check(r.returncode == 0 and "already indexed" in r.stderr, f"late alert: {r.stderr}")
        if i >= 1:
            expected_late = search_pairs(alone, [("late_syria", ["سوريا"], [])])
            check({p for p in got if p[0] == "late_syria"} == expected_late,
                  f"batch {i + 1}: late alert delivers only new articles")
    check(len(seen) == len(set(seen)), "no (alert, article) pair delivered twice")
    check({p for p in seen if p[0] != "late_syria"} == all_expected,
          "every matching pair delivered over the three batches")
    r = run("alert", "run", "--db", db, "--json")
    check(r.returncode == 1 and r.stdout == "", "a run with nothing new delivers nothing, exit 1")

    r = run("alert", "list", "--db", db, "--json")
    listed = {a["name"]: a for a in map(json.loads, r.stdout.splitlines())}
    check(len(listed) == len(ALERTS) + 1, f"alert list: {len(listed)} alerts")
    check(listed["raqqa"]["delivered"] == sum(1 for p in seen if p[0] == "raqqa"),
          "alert list counts what was delivered")
    check(run("alert", "rm", "--db", db, "raqqa").returncode == 0, "alert rm")
    check(run("alert", "rm", "--db", db, "raqqa").returncode == 2, "alert rm of a missing alert")
    r = run("alert", "run", "--db", db, "raqqa")
    check(r.returncode == 2 and "no alert named" in r.stderr, f"run of a missing alert: {r.stderr}")
    print(f"{len(seen)} deliveries over 3 batches, {len(all_expected)} expected")

def recorded(db):
    con = sqlite3.connect(os.path.join(db, "alerts.sqlite"))
    try:
        return set(con.execute("SELECT alert, article FROM delivered"))
    finally:
        con.close()

def complete_pairs(path):
    """The deliveries fully written to @path (a killed run may leave half a line)."""
    data = open(path, encoding="utf-8", errors="replace").read()
    pairs = []
    for line in data.split("\n")[:-1]:
        m = json.loads(line)
        pairs.append((m["alert"], m["id"]))
    return pairs

def sigkill_test(tmp, shards=0):
    db = os.path.join(tmp, "db")
    r = run("index", "--db", db, *(["--shards", str(shards)] if shards else []), sample_path(root))
    check(r.returncode == 0, f"index: {r.stderr}")
    # Many alerts, so that a run takes long enough to be killed midway.
    alerts = list(ALERTS)
    words = ["الحكومة", "الرئيس", "وزير", "الأمم", "المتحدة", "الولايات", "قوات", "الجيش",
             "مدينة", "الشرطة", "اليمن", "ليبيا", "فرنسا", "ألمانيا", "بريطانيا", "الصين"]
    for i, w in enumerate(words):
        alerts.append((f"w{i}", [w], []))
        alerts.append((f"w{i}_not", [w, "-سوريا"], []))
        alerts.append((f"w{i}_bbc", [w], ["--source", "BBC"]))
    alerts = [(n, w, o + ["--since", "2000-01-01"] if "--since" not in o else o)
              for n, w, o in alerts]  # --since: the first run covers the indexed articles
    add_alerts(db, alerts)
    store = os.path.join(db, "alerts.sqlite")
    sqlite3.connect(store).execute("PRAGMA wal_checkpoint(TRUNCATE)").connection.close()
    pristine = os.path.join(tmp, "pristine.sqlite")
    shutil.copy(store, pristine)

    t0 = time.monotonic()
    full = run("alert", "run", "--db", db, "--json", "--dry-run")
    full_secs = time.monotonic() - t0
    everything = set(delivered_pairs(full.stdout))
    line_bytes = {(m["alert"], m["id"]): len(line.encode()) + 1
                  for line in full.stdout.splitlines() for m in [json.loads(line)]}
    check(len(everything) > 500, f"the alerts match many articles ({len(everything)})")

    rng = random.Random(int(os.environ.get("NABA_TEST_SEED", "6")))
    trials, midway = int(sys.argv[4]) if len(sys.argv) > 4 else 24, 0
    for trial in range(trials):
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(store + suffix):
                os.remove(store + suffix)
        shutil.copy(pristine, store)
        outputs = set()
        for attempt in range(3):  # killed, killed, then left to finish
            before = recorded(db)
            out_path = os.path.join(tmp, f"out{trial}_{attempt}.jsonl")
            # Read through a pipe by a slow reader (8 KB a millisecond), as a consumer would: a
            # run then spans several of its recording intervals (50 ms) however fast the machine,
            # and a kill can land between two records. Read from a file, a run that fast
            # finished writing before its first record.
            p = subprocess.Popen([naba, "alert", "run", "--db", db, "--json"],
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
            written = bytearray()
            if attempt < 2:  # killed once a random share of what is left is written out
                target = rng.uniform(0.2, 0.95) * sum(line_bytes[x] for x in everything - before)
                deadline = time.monotonic() + 10 * full_secs + 5
                while len(written) < target and time.monotonic() < deadline:
                    chunk = os.read(p.stdout.fileno(), 8192)
                    if not chunk:
                        break
                    written += chunk
                    time.sleep(0.001)
                p.send_signal(signal.SIGKILL)
            written += p.stdout.read()  # what it wrote before it was killed, still in the pipe
            p.wait()
            with open(out_path, "wb") as out:
                out.write(written)
            got = complete_pairs(out_path)
            after = recorded(db)
            check(not (set(got) & before),
                  f"trial {trial}: nothing already recorded is delivered again")
            check(after - before <= set(got),
                  f"trial {trial}: only what was written out is recorded as delivered")
            outputs |= set(got)
            if attempt < 2 and before < after < everything:
                midway += 1
        check(recorded(db) == everything, f"trial {trial}: everything recorded in the end "
              f"(missing {sorted(everything - recorded(db))[:3]})")
        check(outputs == everything, f"trial {trial}: nothing lost over the killed runs")
    print(f"{trials} trials, {midway} kills landed midway through a run "
          f"(a full run takes {full_secs:.2f} s, {len(everything)} deliveries)")
    check(midway >= 3, f"enough kills landed midway through a run ({midway})")

with tempfile.TemporaryDirectory() as tmp:
    {"batches": batches_test, "batches_shards": lambda tmp: batches_test(tmp, shards=2),
     "sigkill": sigkill_test, "sigkill_shards": lambda tmp: sigkill_test(tmp, shards=2)}[which](tmp)
check.finish()
