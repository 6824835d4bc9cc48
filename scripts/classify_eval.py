#!/usr/bin/env python3
"""Evaluate `chainbreaker classify` on the Telecom_Fraud_Texts corpus (Li, Zhang & Jiang,
Appl. Sci. 2024; CCL2023 telecom-fraud data). The corpus is not redistributed here (its
repository states no licence): clone https://github.com/1361095044/Telecom_Fraud_Texts and run

    scripts/classify_eval.py CORPUS_DIR [--per-class 25] [--chars 120] [--bin .build/release/chainbreaker]

It writes real.csv (text,label; label00 as 正常, the four fraud files mapped to ChainBreaker's
taxonomy), runs 5-fold `classify train` on it, and scores the built-in model on the fraud rows.
"""
import argparse, csv, json, os, subprocess, sys, tempfile

FILES = {"label00-last.csv": "正常", "label01-last.csv": "冒充公检法及政府机关", "label02-last.csv": "虚假网络贷款",
         "label03-last.csv": "冒充电商物流客服", "label04-last.csv": "冒充领导熟人"}

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--per-class", type=int, default=25)
    ap.add_argument("--chars", type=int, default=120, help="keep the first N characters of each text (0: all)")
    ap.add_argument("--bin", default=".build/release/chainbreaker")
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="cb-real-")
    rows = []
    for name, label in FILES.items():
        with open(os.path.join(a.corpus, name), encoding="utf-8-sig", newline="") as f:
            texts = [r["content"].strip() for r in csv.DictReader(f) if r.get("content", "").strip()]
        for t in texts[: a.per_class]:
            rows.append((t[: a.chars] if a.chars else t, label))
    real = os.path.join(work, "real.csv")
    with open(real, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n"); w.writerow(["text", "label"]); w.writerows(rows)
    subprocess.run([a.bin, "classify", "train", "--data", real, "--text-column", "text", "--label-column", "label",
                    "--out", os.path.join(work, "m.bin")], check=True)
    fraud = [r for r in rows if r[1] != "正常"]
    fcsv = os.path.join(work, "fraud.csv")
    with open(fcsv, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n"); w.writerow(["text", "label"]); w.writerows(fraud)
    out = subprocess.run([a.bin, "classify", "predict", "--data", fcsv, "--text-column", "text", "--json"],
                         check=True, capture_output=True, text=True).stdout
    pred = [p["label"] for p in json.loads(out)["predictions"]]
    truth = [r[1] for r in fraud]
    f1s = []
    for l in sorted(set(truth)):
        tp = sum(t == l and y == l for t, y in zip(truth, pred))
        fp = sum(t != l and y == l for t, y in zip(truth, pred))
        fn = sum(t == l and y != l for t, y in zip(truth, pred))
        f1s.append(2 * tp / max(1, 2 * tp + fp + fn))
        print(f"built-in model  {l}: F1 {f1s[-1]:.3f}")
    acc = sum(t == y for t, y in zip(truth, pred)) / len(truth)
    print(f"built-in model on {len(truth)} fraud texts: accuracy {acc:.3f}, macro-F1 over true classes {sum(f1s)/len(f1s):.3f}")

if __name__ == "__main__":
    sys.exit(main())
