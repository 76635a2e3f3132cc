// Keras golden values for the layer options the shared fixtures (shared/fixtures/keras) do not exercise, made the
// same way: TensorFlow.js Layers 4.22.0 (a port of Keras) on its pure-JS CPU backend, float32, deterministic weights
// and inputs. Regenerate with:
//   npm install @tensorflow/tfjs@4.22.0 && node make-extra-fixtures.js
// Output per model: meta.json (spec, layers, weights in Keras get_weights() order, parameter counts), weights.bin
// (float32 LE, get_weights() order), input.bin, output.bin, layers/NN-<name>.bin.
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

function weightValues(model, layer, name, shape) {
  const rand = mulberry32(fnv1a(`${model}/${layer}/${name}`));
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
  } else if (short === 'gamma') {
    for (let i = 0; i < n; i++) v[i] = uniform(rand, 0.5, 1.5);
  } else if (short === 'beta') {
    for (let i = 0; i < n; i++) v[i] = uniform(rand, -0.3, 0.3);
  } else if (short === 'moving_mean') {
    for (let i = 0; i < n; i++) v[i] = uniform(rand, -0.5, 0.5);
  } else if (short === 'moving_variance') {
    for (let i = 0; i < n; i++) v[i] = uniform(rand, 0.4, 2.0);
  } else {
    throw new Error('unknown weight ' + name);
  }
  return v;
}

const MODELS = [
  {
    name: 'conv1d_variants',
    description: "Conv1D 'same' with stride 2, Conv1D dilated 'same' without bias + BatchNormalization(center=False), AveragePooling1D 'same' stride 2, MaxPooling1D stride 1, SpatialDropout1D, GlobalMaxPooling1D.",
    inputShape: [16, 3],
    layers: [
      ['conv1d', { filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }],
      ['conv1d', { filters: 5, kernelSize: 2, dilationRate: 2, padding: 'same', useBias: false }],
      ['batchNormalization', { center: false }],
      ['averagePooling1d', { poolSize: 3, strides: 2, padding: 'same' }],
      ['maxPooling1d', { poolSize: 2, strides: 1 }],
      ['spatialDropout1d', { rate: 0.3 }],
      ['globalMaxPooling1d', {}],
      ['dense', { units: 3, activation: 'softmax' }],
    ],
  },
  {
    name: 'sequence_head',
    description: 'Dense on a (steps, features) input (applied to the last axis), AveragePooling1D, MaxPooling1D \'same\', Conv1D tanh, BatchNormalization(scale=False) standalone, GlobalAveragePooling1D.',
    inputShape: [9, 4],
    layers: [
      ['dense', { units: 6, activation: 'relu' }],
      ['averagePooling1d', { poolSize: 2 }],
      ['maxPooling1d', { poolSize: 3, strides: 1, padding: 'same' }],
      ['conv1d', { filters: 3, kernelSize: 3, activation: 'tanh' }],
      ['batchNormalization', { scale: false, epsilon: 0.005 }],
      ['globalAveragePooling1d', {}],
    ],
  },
  {
    name: 'image_misc',
    description: 'ZeroPadding2D(2), DepthwiseConv2D (3, 2) stride 2 with depth_multiplier 3 and no bias + BatchNormalization(center=False, scale=False), Cropping2D(1), SeparableConv2D dilated \'same\', Dense on a 4-D tensor, standalone BatchNormalization on an image, GlobalMaxPooling2D, Rescaling, Reshape with -1, Dense with softmax on a (steps, 1) tensor.',
    inputShape: [7, 9, 2],
    layers: [
      ['zeroPadding2d', { padding: 2 }],
      // tfjs' DepthwiseConv2D layer ignores dilation_rate (it passes null to the op), so dilation is exercised on
      // the SeparableConv2D below, whose op receives it.
      ['depthwiseConv2d', { kernelSize: [3, 2], strides: 2, depthMultiplier: 3, useBias: false }],
      ['batchNormalization', { center: false, scale: false }],
      ['cropping2D', { cropping: 1 }],
      ['separableConv2d', { filters: 4, kernelSize: [2, 3], dilationRate: 2, padding: 'same', activation: 'relu' }],
      ['dense', { units: 5, activation: 'elu' }],
      ['batchNormalization', {}],
      ['globalMaxPooling2d', {}],
      ['rescaling', { scale: -2, offset: 0.5 }],
      ['reshape', { targetShape: [-1, 1] }],
      ['dense', { units: 3, activation: 'softmax' }],
    ],
  },
  {
    name: 'winograd_convs',
    description: "3x3 stride-1 convolutions with 16+ channels (CnnGen's Winograd F(4x4,3x3) form on SIMD targets): 'same' relu on a 9x11 map (tiles past the edges), 'valid' without bias + folded BatchNormalization, 'same' linear + MaxPooling2D(2) fused.",
    inputShape: [9, 11, 16],
    layers: [
      ['conv2d', { filters: 32, kernelSize: 3, padding: 'same', activation: 'relu' }],
      ['conv2d', { filters: 32, kernelSize: 3, useBias: false }],
      ['batchNormalization', {}],
      ['conv2d', { filters: 16, kernelSize: 3, padding: 'same' }],
      ['maxPooling2d', { poolSize: 2 }],
      ['flatten', {}],
      ['dense', { units: 5, activation: 'softmax' }],
    ],
  },
  {
    name: 'fused_pools',
    description: "Conv2D + MaxPooling2D pairs computed together by CnnGen's SIMD forms: 'same' relu with a (2, 3) pool on 8 channels, 'valid' linear with 20 channels (4 left over from the vector width) and a 2x2 pool.",
    inputShape: [12, 12, 3],
    layers: [
      ['conv2d', { filters: 8, kernelSize: 3, padding: 'same', activation: 'relu' }],
      ['maxPooling2d', { poolSize: [2, 3] }],
      ['conv2d', { filters: 20, kernelSize: [3, 2] }],
      ['maxPooling2d', { poolSize: 2 }],
      ['flatten', {}],
      ['dense', { units: 4 }],
    ],
  },
];

function snake(name) {
  return name.replace(/(.)([A-Z][a-z]+)/g, '$1_$2').replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
}

function build(def) {
  const model = tf.sequential();
  const counts = {};
  def.layers.forEach(([kind, config], i) => {
    const layer = tf.layers[kind]({ ...config, ...(i === 0 ? { inputShape: def.inputShape } : {}) });
    const stem = snake(layer.getClassName());
    const k = counts[stem] || 0;
    counts[stem] = k + 1;
    layer.name = k === 0 ? stem : `${stem}_${k}`;
    model.add(layer);
  });
  return model;
}

function writeFloats(file, values) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, Buffer.from(new Float32Array(values).buffer));
}

for (const def of MODELS) {
  const dir = path.join(__dirname, def.name);
  fs.rmSync(dir, { recursive: true, force: true });
  const model = build(def);
  // Weights layer by layer, each layer's in its own order: Keras get_weights().
  const entries = [];
  const all = [];
  let offset = 0;
  for (const layer of model.layers) {
    const values = layer.weights.map((w) => {
      const short = w.originalName.split('/').pop();
      const name = `${layer.name}/${short}`;
      const v = weightValues(def.name, layer.name, short, w.shape);
      entries.push({ name, shape: w.shape, trainable: w.trainable, offset: offset * 4, byteLength: v.length * 4 });
      offset += v.length;
      all.push(...v);
      return tf.tensor(v, w.shape);
    });
    if (values.length) layer.setWeights(values);
  }
  writeFloats(path.join(dir, 'weights.bin'), all);

  const n = 4;
  const rand = mulberry32(fnv1a(`${def.name}/input`));
  const inputLength = def.inputShape.reduce((a, b) => a * b, 1);
  const input = new Float32Array(n * inputLength).map(() => uniform(rand, -1, 1));
  writeFloats(path.join(dir, 'input.bin'), input);
  const x = tf.tensor(input, [n, ...def.inputShape]);

  const layers = [];
  let h = x;
  model.layers.forEach((layer, i) => {
    h = layer.apply(h, { training: false });
    const file = `layers/${String(i).padStart(2, '0')}-${layer.name}.bin`;
    writeFloats(path.join(dir, file), h.dataSync());
    layers.push({ index: i, name: layer.name, class: layer.getClassName(), file, shape: h.shape, params: layer.countParams() });
  });
  const output = model.predict(x);
  writeFloats(path.join(dir, 'output.bin'), output.dataSync());
  const nonTrainable = model.nonTrainableWeights.reduce((s, w) => s + w.shape.reduce((a, b) => a * b, 1), 0);
  const meta = {
    model: def.name,
    description: def.description,
    generator: { tool: 'make-extra-fixtures.js', tfjs: tf.version.tfjs, backend: tf.getBackend() },
    spec: { inputShape: def.inputShape, layers: def.layers },
    input: { file: 'input.bin', shape: [n, ...def.inputShape] },
    output: { file: 'output.bin', shape: output.shape },
    layers,
    weights: { file: 'weights.bin', order: 'Keras get_weights() order: layer by layer', entries },
    totalParams: model.countParams(),
    trainableParams: model.countParams() - nonTrainable,
    nonTrainableParams: nonTrainable,
  };
  fs.writeFileSync(path.join(dir, 'meta.json'), JSON.stringify(meta, null, 1) + '\n');
  console.log(def.name, output.shape, meta.totalParams, 'params');
}
