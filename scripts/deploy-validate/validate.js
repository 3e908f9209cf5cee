// Validates rendered Kubernetes manifests (multi-document YAML on stdin or in files) offline: each object against
// its API schema (kubernetes-models ships validators generated from the Kubernetes OpenAPI spec: types, formats,
// required fields), strictly (no field the API does not define, from @kubernetes/client-node's models), then the
// rules this project holds its workloads to. Exits non-zero and names every problem found.
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

// Fields the API does not define (a typo such as readOnlyRootFileSystem would otherwise be silently dropped by the
// API server): walk the object along @kubernetes/client-node's generated models, which list every field and its type.
function unknownFields(value, type, path, k8s, problems) {
  if (value === null || value === undefined) return;
  const array = /^Array<(.+)>$/.exec(type);
  if (array) {
    if (Array.isArray(value)) value.forEach((v, i) => unknownFields(v, array[1], `${path}/${i}`, k8s, problems));
    return;
  }
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) {
    for (const [k, v] of Object.entries(value)) unknownFields(v, map[1], `${path}/${k}`, k8s, problems);
    return;
  }
  const model = k8s[type];
  if (!model?.getAttributeTypeMap || typeof value !== "object") return;
  const fields = new Map(model.getAttributeTypeMap().map(a => [a.baseName, a.type]));
  for (const [k, v] of Object.entries(value)) {
    if (!fields.has(k)) problems.push(`${path}/${k}: field not in the ${type} schema`);
    else unknownFields(v, fields.get(k), `${path}/${k}`, k8s, problems);
  }
}

function strictProblems(doc, k8s) {
  const version = doc.apiVersion.split("/").pop();
  const type = version.charAt(0).toUpperCase() + version.slice(1) + doc.kind;
  if (!k8s[type]) return [`no model ${type} to check fields against`];
  const problems = [];
  unknownFields(doc, type, "", k8s, problems);
  return problems;
}

// The project's own rules for workloads: probes, resources, non-root, read-only root file system, replicas.
function policyProblems(doc, all) {
  const problems = [];
  if (doc.kind === "Deployment") {
    const spec = doc.spec.template.spec;
    const hpa = all.find(d => d.kind === "HorizontalPodAutoscaler" &&
      d.spec.scaleTargetRef.kind === "Deployment" && d.spec.scaleTargetRef.name === doc.metadata.name);
    if ((hpa ? hpa.spec.minReplicas ?? 1 : doc.spec.replicas ?? 1) < 2) problems.push("fewer than 2 replicas");
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

function validate(text, source, k8s) {
  const docs = YAML.parseAllDocuments(text).map(d => d.toJS()).filter(d => d);
  const problems = [];
  for (const doc of docs) {
    const name = `${source}: ${doc.kind}/${doc.metadata?.name}`;
    for (const p of schemaProblems(doc).concat(strictProblems(doc, k8s), policyProblems(doc, docs))) problems.push(`${name}: ${p}`);
  }
  return { count: docs.length, problems };
}

function selfTest(k8s) {
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
          securityContext: {readOnlyRootFileSystem: true}
`;
  const { problems } = validate(broken, "self-test", k8s);
  const expected = ["/spec/replicas", "selector", "/containerPort", "has no livenessProbe", "/readOnlyRootFileSystem: field not in"];
  const missed = expected.filter(e => !problems.some(p => p.includes(e)));
  if (missed.length) {
    console.error(`validator self-test failed: did not report ${missed.join(", ")}\n${problems.join("\n")}`);
    process.exit(2);
  }
}

(async () => {
  const k8s = await import("@kubernetes/client-node");
  selfTest(k8s);
  const inputs = process.argv.slice(2);
  let failed = false;
  for (const file of inputs.length ? inputs : ["/dev/stdin"]) {
    const { count, problems } = validate(fs.readFileSync(file, "utf8"), file, k8s);
    if (count === 0) { console.error(`${file}: no manifests`); failed = true; }
    for (const p of problems) console.error(p);
    if (problems.length) failed = true;
    else console.log(`${file}: ${count} objects valid`);
  }
  process.exit(failed ? 1 : 0);
})();
