#!/usr/bin/env python3
"""Writes the canary judge examples: events/canary/{pass,marginal,fail}/ and the seed's example
fixture in functions/judge/src/test/resources/seed-example/.

    python3 events/canary/generate.py

Seeded, so re-running it rewrites the same files. The series imitate what Slipway's canary step
fetches from Prometheus for a 5-hour window at a 1-minute step (300 points a side): p95 latency
from a histogram (lognormal around 250 ms), an error ratio that is zero most minutes, and CPU
cores. As Kayenta's mixer does, a series with missing minutes is padded with "NaN".
"""
import json
import math
import os
import random

ROOT = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(ROOT))
POINTS = 300


def latency(rng, scale, sd=0.12):
    return [round(math.exp(math.log(0.25 * scale) + sd * rng.gauss(0, 1)), 6) for _ in range(POINTS)]


def errors(rng, rate, share=0.15):
    """Zero in most minutes; in `share` of them an exponential error ratio around `rate`."""
    out = []
    for _ in range(POINTS):
        out.append(round(rng.expovariate(1 / rate), 6) if rng.random() < share else 0.0)
    return out


def cpu(rng, scale):
    return [round(0.8 * scale + 0.05 * rng.gauss(0, 1), 4) for _ in range(POINTS)]


def pad(series, missing):
    """The last `missing` minutes had no sample: the mixer pads with NaN."""
    return series[: len(series) - missing] + ["NaN"] * missing


def pair(name, metric_id, tags, control, experiment):
    return {
        "name": name,
        "id": metric_id,
        "tags": tags,
        "values": {"control": control, "experiment": experiment},
        "scopes": {
            "control": {"scope": "checkout-baseline", "location": "eu-west-1",
                        "start": "2026-11-20T09:00:00Z", "end": "2026-11-20T14:00:00Z", "step": 60},
            "experiment": {"scope": "checkout-canary", "location": "eu-west-1",
                           "start": "2026-11-20T09:00:00Z", "end": "2026-11-20T14:00:00Z", "step": 60},
        },
        "attributes": {
            "control": {"query": "see canary-config.json"},
            "experiment": {"query": "see canary-config.json"},
        },
    }


def prom(metric_name, template):
    return {"type": "prometheus", "serviceType": "prometheus", "metricName": metric_name,
            "customInlineTemplate": "PromQL:" + template}


CONFIG = {
    "name": "checkout-canary",
    "description": "Checkout service: p95 latency, error ratio and CPU, canary vs baseline",
    "configVersion": "1",
    "applications": ["checkout"],
    "judge": {"name": "NetflixACAJudge-v1.0", "judgeConfigurations": {}},
    "metrics": [
        {
            "name": "latency p95",
            "query": prom("http_server_requests_seconds_bucket",
                          "histogram_quantile(0.95, sum by (le) (rate(http_server_requests_seconds_bucket{app=\"checkout\",track=\"${scope}\"}[5m])))"),
            "groups": ["latency"],
            "analysisConfigurations": {"canary": {
                "direction": "increase",
                "effectSize": {"measure": "meanRatio", "allowedIncrease": 1.1, "criticalIncrease": 2.0}}},
            "scopeName": "default",
        },
        {
            "name": "error ratio",
            "query": prom("http_server_requests_seconds_count",
                          "sum(rate(http_server_requests_seconds_count{app=\"checkout\",track=\"${scope}\",status=~\"5..\"}[5m])) / sum(rate(http_server_requests_seconds_count{app=\"checkout\",track=\"${scope}\"}[5m]))"),
            "groups": ["errors"],
            "analysisConfigurations": {"canary": {
                "direction": "increase", "nanStrategy": "replace", "critical": True,
                "effectSize": {"measure": "meanRatio", "allowedIncrease": 1.5, "criticalIncrease": 2.0}}},
            "scopeName": "default",
        },
        {
            "name": "cpu usage",
            "query": prom("container_cpu_usage_seconds_total",
                          "sum(rate(container_cpu_usage_seconds_total{pod=~\"checkout-${scope}-.*\"}[5m]))"),
            "groups": ["system"],
            "analysisConfigurations": {"canary": {
                "direction": "increase",
                "effectSize": {"measure": "meanRatio", "allowedIncrease": 1.1},
                "outliers": {"strategy": "remove", "outlierFactor": 3.0}}},
            "scopeName": "default",
        },
    ],
    "classifier": {"groupWeights": {"latency": 40, "errors": 40, "system": 20}},
    "templates": {},
}

SCENARIOS = {
    # canary behaves like the baseline; a few minutes of the canary are missing (NaN padding)
    "pass": dict(latency=1.0, errors=1.0, error_share=0.15, cpu=1.0),
    # the canary uses 25% more CPU: the system group fails, 80 ≥ 75 → Marginal
    "marginal": dict(latency=1.0, errors=1.0, error_share=0.15, cpu=1.25),
    # latency +30%, and errors in most minutes at five times the ratio on a critical metric → 0, Fail
    # (errors in the usual 15% of minutes, even at 5x, would pass: Kayenta's rank test is blind
    # to sparse errors, kayenta#426)
    "fail": dict(latency=1.3, errors=5.0, error_share=0.6, cpu=1.0),
}


def yaml_scalar(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    return json.dumps(v)


def to_yaml(value, indent=0):
    pad_ = "  " * indent
    lines = []
    if isinstance(value, dict):
        if not value:
            return [pad_ + "{}"]
        for k, v in value.items():
            if isinstance(v, (dict, list)) and v:
                lines.append(f"{pad_}{k}:")
                lines.extend(to_yaml(v, indent + 1))
            else:
                lines.append(f"{pad_}{k}: " + ("{}" if v == {} else "[]" if v == [] else yaml_scalar(v)))
    else:
        for v in value:
            if isinstance(v, dict):
                sub = to_yaml(v, indent + 1)
                first = sub[0].strip()
                lines.append(f"{pad_}- {first}")
                lines.extend(sub[1:])
            else:
                lines.append(f"{pad_}- {yaml_scalar(v)}")
    return lines


def write(path, obj):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(obj, f, indent=2)
        f.write("\n")


def main():
    for i, (name, s) in enumerate(SCENARIOS.items()):
        rng = random.Random(20261127 + i)
        tags = {"app": "checkout", "namespace": "shop"}
        pairs = [
            pair("latency p95", "latency-p95", tags, latency(rng, 1.0), pad(latency(rng, s["latency"]), 3)),
            pair("error ratio", "error-ratio", tags, errors(rng, 0.002), errors(rng, 0.002 * s["errors"], s["error_share"])),
            pair("cpu usage", "cpu-usage", tags, cpu(rng, 1.0), cpu(rng, s["cpu"])),
        ]
        write(os.path.join(ROOT, name, "canary-config.json"), CONFIG)
        write(os.path.join(ROOT, name, "metric-set-pairs.json"), pairs)
    with open(os.path.join(ROOT, "pass", "canary-config.yaml"), "w") as f:
        f.write("# The same canary config as canary-config.json, in YAML (slipway judge accepts both).\n")
        f.write("\n".join(to_yaml(CONFIG)) + "\n")

    # The seed's example: error group weight 60, latency group 40, pass threshold 95; the latency
    # metric "client 95P Latency" fails only on an increase of more than 5% in the mean.
    seed = {
        "name": "seed-example",
        "judge": {"name": "NetflixACAJudge-v1.0", "judgeConfigurations": {}},
        "metrics": [
            {"name": "client 95P Latency", "query": prom("client_latency_seconds_bucket",
                "histogram_quantile(0.95, sum by (le) (rate(client_latency_seconds_bucket{track=\"${scope}\"}[5m])))"),
             "groups": ["latency"],
             "analysisConfigurations": {"canary": {
                 "direction": "increase", "effectSize": {"measure": "meanRatio", "allowedIncrease": 1.05}}},
             "scopeName": "default"},
            {"name": "error count", "query": prom("client_errors_total",
                "sum(rate(client_errors_total{track=\"${scope}\"}[5m]))"),
             "groups": ["error"],
             "analysisConfigurations": {"canary": {"direction": "increase", "nanStrategy": "replace"}},
             "scopeName": "default"},
        ],
        "classifier": {"groupWeights": {"error": 60, "latency": 40}},
    }
    seed_dir = os.path.join(REPO, "functions", "judge", "src", "test", "resources", "seed-example")
    write(os.path.join(seed_dir, "canary-config.json"), seed)
    for i, (name, lat) in enumerate([("latency-up-3-percent", 1.03), ("latency-up-20-percent", 1.20)]):
        rng = random.Random(4242 + i)
        write(os.path.join(seed_dir, name + ".json"), [
            pair("client 95P Latency", "client-p95", {"app": "client"}, latency(rng, 1.0, 0.03), latency(rng, lat, 0.03)),
            pair("error count", "errors", {"app": "client"}, errors(rng, 0.5), errors(rng, 0.5)),
        ])


if __name__ == "__main__":
    main()
