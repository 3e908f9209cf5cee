// Validates rendered Kubernetes manifests (multi-document YAML on stdin or in files) offline: each object against
// its API schema (kubernetes-models ships validators generated from the Kubernetes OpenAPI spec), then the rules
// this project holds its workloads to. Exits non-zero and names every problem found.
"use strict";
const fs = require("fs");
const YAML = require("yaml");

function modelFor(apiVersion, kind) {
  try {
    return require(`kubernetes-models/${apiVersion}/${kind}`)[kind];
  } catch {
    return null;
  }
}

function schemaProblems(doc) {
  const Model = modelFor(doc.apiVersion, doc.kind);
  if (!Model) return [`unknown apiVersion/kind ${doc.apiVersion} ${doc.kind}`];
  // Kubernetes decodes Secret data ignoring line breaks, and kustomize wraps long values; the schema's format does not.
  if (doc.kind === "Secret" && doc.data)
    doc = { ...doc, data: Object.fromEntries(Object.entries(doc.data).map(([k, v]) => [k, String(v).replace(/\s+/g, "")])) };
  try {
    new Model(doc).validate();
    return [];
  } catch (e) {
    return [e.message];
  }
}

// The project's own rules for workloads: probes, resources, non-root, read-only root file system, replicas.
function policyProblems(doc, all) {
  const problems = [];
  if (doc.kind === "Deployment") {
    const spec = doc.spec.template.spec;
    if ((doc.spec.replicas ?? 1) < 2) problems.push("fewer than 2 replicas");
    if (spec.securityContext?.runAsNonRoot !== true) problems.push("pod does not set runAsNonRoot");
    for (const c of spec.containers) {
      for (const probe of ["startupProbe", "readinessProbe", "livenessProbe"])
        if (!c[probe]) problems.push(`container ${c.name} has no ${probe}`);
      for (const r of ["requests", "limits"])
        if (!c.resources?.[r]?.cpu || !c.resources?.[r]?.memory) problems.push(`container ${c.name} lacks cpu/memory ${r}`);
      if (c.securityContext?.readOnlyRootFilesystem !== true) problems.push(`container ${c.name} root file system is writable`);
      if (c.securityContext?.allowPrivilegeEscalation !== false) problems.push(`container ${c.name} allows privilege escalation`);
    }
    const pdb = all.find(d => d.kind === "PodDisruptionBudget" &&
      Object.entries(d.spec.selector?.matchLabels ?? {}).every(([k, v]) => doc.spec.template.metadata.labels?.[k] === v));
    if (!pdb) problems.push("no PodDisruptionBudget selects its pods");
  }
  if (doc.kind === "Service") {
    for (const p of doc.spec.ports) if (!p.appProtocol) problems.push(`port ${p.name} has no appProtocol`);
  }
  if (doc.kind === "Secret") {
    const values = Object.values(doc.stringData ?? {}).concat(
      Object.values(doc.data ?? {}).map(v => Buffer.from(v, "base64").toString()));
    // Committed manifests hold templates only: every non-empty value must be a CHANGE-ME placeholder.
    for (const v of values) if (v && !v.includes("CHANGE-ME")) problems.push("holds a value that is not a CHANGE-ME placeholder");
  }
  return problems;
}

function validate(text, source) {
  const docs = YAML.parseAllDocuments(text).map(d => d.toJS()).filter(d => d);
  const problems = [];
  for (const doc of docs) {
    const name = `${source}: ${doc.kind}/${doc.metadata?.name}`;
    for (const p of schemaProblems(doc).concat(policyProblems(doc, docs))) problems.push(`${name}: ${p}`);
  }
  return { count: docs.length, problems };
}

function selfTest() {
  // The validator must be able to fail: a wrong type, a missing required field and a missing probe.
  const broken = `apiVersion: apps/v1
kind: Deployment
metadata: {name: broken}
spec:
  replicas: "two"
  template:
    metadata: {labels: {app: broken}}
    spec:
      containers:
        - name: c
          image: x
          ports: [{containerPort: "http"}]
`;
  const { problems } = validate(broken, "self-test");
  const expected = ["/spec/replicas", "selector", "/containerPort", "has no livenessProbe"];
  const missed = expected.filter(e => !problems.some(p => p.includes(e)));
  if (missed.length) {
    console.error(`validator self-test failed: did not report ${missed.join(", ")}\n${problems.join("\n")}`);
    process.exit(2);
  }
}

selfTest();
const inputs = process.argv.slice(2);
let failed = false;
for (const file of inputs.length ? inputs : ["/dev/stdin"]) {
  const { count, problems } = validate(fs.readFileSync(file, "utf8"), file);
  if (count === 0) { console.error(`${file}: no manifests`); failed = true; }
  for (const p of problems) console.error(p);
  if (problems.length) failed = true;
  else console.log(`${file}: ${count} objects valid`);
}
process.exit(failed ? 1 : 0);
