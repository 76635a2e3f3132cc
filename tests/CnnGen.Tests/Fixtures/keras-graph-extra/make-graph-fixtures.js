// Keras golden values for graph (functional) options the shared fixtures (shared/fixtures/keras-functional) do not
// exercise, made the same way: TensorFlow.js Layers 4.22.0 (a port of Keras) on its pure-JS CPU backend, float32,
// deterministic weights and inputs. Regenerate with:
//   npm install @tensorflow/tfjs@4.22.0 && node make-graph-fixtures.js
// Output per model, in the layout of shared/fixtures/keras-functional: model.json (TF.js Layers artifacts: the Keras
// config as modelTopology, weightsManifest), weights.bin (manifest order), params.json (layers with their weights in
// get_weights() order, parameter counts), meta.json (layer outputs, weight offsets), input.bin (4 samples, uniform
// [-1, 1)), output.bin, layers/NN-<name>.bin (every layer's output for the same inputs).
'use strict';
const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');

function fnv1a(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) { h ^= text.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; }
  return h >>> 0;
}
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const uniform = (rand, lo, hi) => lo + (hi - lo) * rand();

/** Deterministic weights: Glorot-uniform kernels, small signed biases, PReLU alphas in [0.05, 0.6]. */
function weightValues(model, name, shape) {
  const rand = mulberry32(fnv1a(`${model}/${name}`));
  const n = shape.reduce((a, b) => a * b, 1);
  const v = new Float32Array(n);
  const short = name.split('/').pop();
  if (short.endsWith('kernel')) {
    const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
    const fanIn = shape.length === 2 ? shape[0] : receptive * shape[shape.length - 2];
    const fanOut = shape.length === 2 ? shape[1] : receptive * shape[shape.length - 1];
    const a = Math.sqrt(6 / (fanIn + fanOut));
    for (let i = 0; i < n; i++) v[i] = uniform(rand, -a, a);
  } else if (short === 'bias') {
    for (let i = 0; i < n; i++) v[i] = (rand() < 0.5 ? -1 : 1) * uniform(rand, 0.05, 0.3);
  } else if (short === 'alpha') {
    for (let i = 0; i < n; i++) v[i] = uniform(rand, 0.05, 0.6);
  } else {
    throw new Error('unknown weight ' + name);
  }
  return v;
}

const L = tf.layers;
const MODELS = [
  {
    name: 'graph_options',
    description: 'Concatenate along the columns (axis 2); UpSampling2D (2, 3) nearest; Conv2DTranspose valid with a kernel smaller than its stride on one axis ' +
      '(kernel 2x3, strides 3x2) and same with an even kernel (4, strides 2); Multiply broadcast (1, 1, C) x (H, W, C); Maximum broadcast (H, 1, C) x (H, W, C); ' +
      'Permute (2, 1, 3); PReLU per position and shared over rows and columns; Average and Subtract of Dense outputs; GlobalAveragePooling2D of every branch, ' +
      'Concatenate, Dense softmax.',
    inputShape: [6, 5, 3],
    build(x) {
      const a = L.conv2d({ name: 'conv_a', filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }).apply(x);
      const b = L.conv2d({ name: 'conv_b', filters: 4, kernelSize: 1 }).apply(x);
      const cols = L.concatenate({ name: 'cat_columns', axis: 2 }).apply([a, b]);                      // (6, 10, 4)
      const up = L.upSampling2d({ name: 'up', size: [2, 3] }).apply(b);                                  // (12, 15, 4)
      const t1 = L.conv2dTranspose({ name: 'deconv_valid', filters: 3, kernelSize: [2, 3], strides: [3, 2], padding: 'valid' }).apply(a); // (18, 11, 3)
      const t2 = L.conv2dTranspose({ name: 'deconv_same', filters: 2, kernelSize: 4, strides: 2, padding: 'same', activation: 'tanh' }).apply(b); // (12, 10, 2)
      const squeeze = L.globalAveragePooling2d({ name: 'squeeze' }).apply(a);
      const excite = L.dense({ name: 'excite', units: 4, activation: 'sigmoid' }).apply(squeeze);
      const scale = L.reshape({ name: 'scale', targetShape: [1, 1, 4] }).apply(excite);
      const scaled = L.multiply({ name: 'scaled' }).apply([a, scale]);                                 // (6, 5, 4)
      const rowMax = L.maxPooling2d({ name: 'row_max', poolSize: [1, 5] }).apply(b);                   // (6, 1, 4)
      const maxed = L.maximum({ name: 'maxed' }).apply([rowMax, scaled]);                               // (6, 5, 4)
      const permuted = L.permute({ name: 'permuted', dims: [2, 1, 3] }).apply(maxed);                  // (5, 6, 4)
      const prelu = L.prelu({ name: 'prelu' }).apply(permuted);
      const preluShared = L.prelu({ name: 'prelu_shared', sharedAxes: [1, 2] }).apply(cols);
      const branches = [prelu, preluShared, up, t1, t2].map((t, i) => L.globalAveragePooling2d({ name: `gap_${i}` }).apply(t));
      const joined = L.concatenate({ name: 'joined' }).apply(branches);                                // (17)
      const d1 = L.dense({ name: 'head_a', units: 6, activation: 'relu' }).apply(joined);
      const d2 = L.dense({ name: 'head_b', units: 6 }).apply(joined);
      const avg = L.average({ name: 'avg' }).apply([d1, d2]);
      const d3 = L.dense({ name: 'head_c', units: 6 }).apply(avg);
      const diff = L.minimum({ name: 'lowest' }).apply([avg, d3]);
      return L.dense({ name: 'out', units: 5, activation: 'softmax' }).apply(diff);
    },
  },
];

function writeFloats(file, values) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, Buffer.from(new Float32Array(values).buffer));
}

async function make(def) {
  const dir = path.join(__dirname, def.name);
  fs.rmSync(dir, { recursive: true, force: true });
  const input = tf.input({ shape: def.inputShape, name: 'input_1' });
  const model = tf.model({ inputs: input, outputs: def.build(input), name: 'model' });
  // Weights in get_weights() order (model.layers order, each layer's own order), deterministic.
  for (const layer of model.layers) {
    const values = layer.weights.map(w => tf.tensor(weightValues(def.name, w.originalName, w.shape), w.shape));
    if (values.length > 0) layer.setWeights(values);
  }
  const rand = mulberry32(fnv1a(`${def.name}/input`));
  const n = 4;
  const size = def.inputShape.reduce((a, b) => a * b, 1);
  const inputValues = new Float32Array(n * size);
  for (let i = 0; i < inputValues.length; i++) inputValues[i] = uniform(rand, -1, 1);
  const x = tf.tensor(inputValues, [n, ...def.inputShape]);
  writeFloats(path.join(dir, 'input.bin'), inputValues);
  writeFloats(path.join(dir, 'output.bin'), model.predict(x).dataSync());

  // Every layer's output (layers with one call here).
  const probe = tf.model({ inputs: input, outputs: model.layers.slice(1).map(l => l.output) });
  const outputs = probe.predict(x);
  const layers = [{ index: 0, name: 'input_1', class: 'InputLayer', node: 0, file: 'layers/00-input_1.bin', shape: [n, ...def.inputShape] }];
  writeFloats(path.join(dir, layers[0].file), inputValues);
  model.layers.slice(1).forEach((layer, k) => {
    const index = k + 1;
    const file = `layers/${String(index).padStart(2, '0')}-${layer.name}.bin`;
    writeFloats(path.join(dir, file), outputs[k].dataSync());
    layers.push({ index, name: layer.name, class: layer.getClassName(), node: 0, file, shape: outputs[k].shape });
  });

  // model.json (TF.js Layers artifacts) and weights.bin in manifest order.
  let artifacts;
  await model.save(tf.io.withSaveHandler(async a => { artifacts = a; return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } }; }));
  fs.writeFileSync(path.join(dir, 'weights.bin'), Buffer.from(artifacts.weightData));
  const modelJson = {
    format: 'layers-model', generatedBy: 'TensorFlow.js tfjs-layers v4.22.0', convertedBy: null,
    modelTopology: artifacts.modelTopology, weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
  };
  fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(modelJson) + '\n');
  let offset = 0;
  const entries = artifacts.weightSpecs.map(w => {
    const byteLength = w.shape.reduce((a, b) => a * b, 1) * 4;
    const entry = { name: w.name, shape: w.shape, dtype: w.dtype, offset, byteLength };
    offset += byteLength;
    return entry;
  });
  const params = {
    modelName: 'model', modelClass: 'Functional',
    layers: model.layers.map((l, index) => ({
      index, name: l.name, class: l.getClassName(),
      inboundNodes: l.inboundNodes.map(node => node.inboundLayers.map((il, t) => [il.name, node.nodeIndices[t], node.tensorIndices[t]])),
      params: l.countParams(),
      weights: l.weights.map(w => ({ name: w.originalName, shape: w.shape, trainable: w.trainable })),
    })),
    totalParams: model.countParams(),
    trainableParams: model.trainableWeights.reduce((s, w) => s + w.shape.reduce((a, b) => a * b, 1), 0),
  };
  fs.writeFileSync(path.join(dir, 'params.json'), JSON.stringify(params, null, 1) + '\n');
  const meta = { model: def.name, description: def.description, inputShape: def.inputShape, generator: { tool: 'make-graph-fixtures.js', tfjs: tf.version.tfjs, backend: tf.getBackend() }, layers, weights: { entries } };
  fs.writeFileSync(path.join(dir, 'meta.json'), JSON.stringify(meta, null, 1) + '\n');
  console.log(`${def.name}: ${model.layers.length} layers, ${model.countParams()} parameters`);
}

(async () => {
  await tf.setBackend('cpu');
  for (const def of MODELS) await make(def);
})();
