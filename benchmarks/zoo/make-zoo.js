// CnnGen's own benchmark zoo: small Keras models with channel counts that are not multiples of 16 (3, 5, 6, 10, 12,
// 18, 20, 24, 48), the shapes a user is likely to bring, beside the shared fixtures. Made by TensorFlow.js Layers
// 4.22.0 (a port of Keras) on its pure-JS CPU backend, float32, seeded weights and inputs. Each model folder has what
// ../shared/tools/perf-zoo/run.sh --fixtures reads: model.json (TF.js Layers format), weights.bin, input.bin (4
// samples, NHWC) and output.bin (model.predict on them). Regenerate (the files are committed):
//   npm install @tensorflow/tfjs@4.22.0 && node make-zoo.js
'use strict';
const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');

const L = tf.layers;
let seed = 1;
const init = () => ({
  kernelInitializer: tf.initializers.glorotUniform({ seed: seed++ }),
  biasInitializer: tf.initializers.randomUniform({ minval: -0.1, maxval: 0.1, seed: seed++ }),
});
const depthwiseInit = () => ({
  depthwiseInitializer: tf.initializers.glorotUniform({ seed: seed++ }),
  biasInitializer: tf.initializers.randomUniform({ minval: -0.1, maxval: 0.1, seed: seed++ }),
});
const separableInit = () => ({
  depthwiseInitializer: tf.initializers.glorotUniform({ seed: seed++ }),
  pointwiseInitializer: tf.initializers.glorotUniform({ seed: seed++ }),
  biasInitializer: tf.initializers.randomUniform({ minval: -0.1, maxval: 0.1, seed: seed++ }),
});

const MODELS = [
  {
    name: 'cifar_24',
    description: 'CIFAR-style: 32x32x3, Conv2D 24 same, Conv2D 24, MaxPooling2D, Conv2D 48 same, MaxPooling2D, Dense 64, Dense 10 softmax.',
    inputShape: [32, 32, 3],
    layers: () => [
      L.conv2d({ filters: 24, kernelSize: 3, padding: 'same', activation: 'relu', inputShape: [32, 32, 3], ...init() }),
      L.conv2d({ filters: 24, kernelSize: 3, activation: 'relu', ...init() }),
      L.maxPooling2d({ poolSize: 2 }),
      L.conv2d({ filters: 48, kernelSize: 3, padding: 'same', activation: 'relu', ...init() }),
      L.maxPooling2d({ poolSize: 2 }),
      L.flatten(),
      L.dense({ units: 64, activation: 'relu', ...init() }),
      L.dense({ units: 10, activation: 'softmax', ...init() }),
    ],
  },
  {
    name: 'narrow_3',
    description: 'Deep and narrow: 28x28x1, three Conv2D with 3 filters, MaxPooling2D, two Conv2D with 5 filters, Dense 10 softmax.',
    inputShape: [28, 28, 1],
    layers: () => [
      L.conv2d({ filters: 3, kernelSize: 3, activation: 'relu', inputShape: [28, 28, 1], ...init() }),
      L.conv2d({ filters: 3, kernelSize: 3, activation: 'relu', ...init() }),
      L.conv2d({ filters: 3, kernelSize: 3, activation: 'relu', ...init() }),
      L.maxPooling2d({ poolSize: 2 }),
      L.conv2d({ filters: 5, kernelSize: 3, activation: 'relu', ...init() }),
      L.conv2d({ filters: 5, kernelSize: 3, activation: 'relu', ...init() }),
      L.flatten(),
      L.dense({ units: 10, activation: 'softmax', ...init() }),
    ],
  },
  {
    name: 'mlp_50',
    description: 'Tabular MLP: 50 features, Dense 100 relu, Dense 50 tanh, Dense 3 softmax.',
    inputShape: [50],
    layers: () => [
      L.dense({ units: 100, activation: 'relu', inputShape: [50], ...init() }),
      L.dense({ units: 50, activation: 'tanh', ...init() }),
      L.dense({ units: 3, activation: 'softmax', ...init() }),
    ],
  },
  {
    name: 'mixed_12',
    description: 'Mobile-style: 24x24x3, Conv2D 12 5x5, AveragePooling2D, DepthwiseConv2D same, Conv2D 20 1x1, SeparableConv2D 18, GlobalAveragePooling2D, Dense 10 softmax.',
    inputShape: [24, 24, 3],
    layers: () => [
      L.conv2d({ filters: 12, kernelSize: 5, activation: 'relu', inputShape: [24, 24, 3], ...init() }),
      L.averagePooling2d({ poolSize: 2 }),
      L.depthwiseConv2d({ kernelSize: 3, padding: 'same', activation: 'relu', ...depthwiseInit() }),
      L.conv2d({ filters: 20, kernelSize: 1, activation: 'relu', ...init() }),
      L.separableConv2d({ filters: 18, kernelSize: 3, activation: 'relu', ...separableInit() }),
      L.globalAveragePooling2d({}),
      L.dense({ units: 10, activation: 'softmax', ...init() }),
    ],
  },
  {
    name: 'sensor_conv1d',
    description: 'Sensor signal: 64 steps x 6 channels, Conv1D 10 k5, MaxPooling1D, Conv1D 20 k3 same, GlobalMaxPooling1D, Dense 6 softmax.',
    inputShape: [64, 6],
    layers: () => [
      L.conv1d({ filters: 10, kernelSize: 5, activation: 'relu', inputShape: [64, 6], ...init() }),
      L.maxPooling1d({ poolSize: 2 }),
      L.conv1d({ filters: 20, kernelSize: 3, padding: 'same', activation: 'relu', ...init() }),
      L.globalMaxPooling1d({}),
      L.dense({ units: 6, activation: 'softmax', ...init() }),
    ],
  },
  {
    name: 'strided_40',
    description: 'Strided: 40x40x1, Conv2D 6 5x5 stride 2, Conv2D 10 3x3 stride 2 same, Conv2D 40 3x3, GlobalMaxPooling2D, Dense 1 sigmoid.',
    inputShape: [40, 40, 1],
    layers: () => [
      L.conv2d({ filters: 6, kernelSize: 5, strides: 2, activation: 'relu', inputShape: [40, 40, 1], ...init() }),
      L.conv2d({ filters: 10, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', ...init() }),
      L.conv2d({ filters: 40, kernelSize: 3, activation: 'relu', ...init() }),
      L.globalMaxPooling2d({}),
      L.dense({ units: 1, activation: 'sigmoid', ...init() }),
    ],
  },
];

const SAMPLES = 4;

async function make(spec) {
  const model = tf.sequential({ name: spec.name, layers: spec.layers() });
  const dir = path.join(__dirname, spec.name);
  fs.mkdirSync(dir, { recursive: true });
  let artifacts;
  await model.save(tf.io.withSaveHandler(async (a) => { artifacts = a; return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }; }));
  // Keras' own layer names (conv2d, conv2d_1, dense, ...) instead of TF.js's process-wide ones (conv2d_Conv2D7).
  const names = new Map(), counts = new Map();
  for (const layer of artifacts.modelTopology.config.layers) {
    const base = layer.class_name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().replace('conv2_d', 'conv2d').replace('conv1_d', 'conv1d').replace('2_d', '2d').replace('1_d', '1d');
    const n = counts.get(base) || 0;
    counts.set(base, n + 1);
    names.set(layer.config.name, n === 0 ? base : `${base}_${n}`);
    layer.config.name = names.get(layer.config.name);
  }
  for (const spec of artifacts.weightSpecs) {
    const [layer, ...rest] = spec.name.split('/');
    spec.name = [names.get(layer), ...rest].join('/');
  }
  const json = {
    format: 'layers-model',
    generatedBy: 'TensorFlow.js tfjs-layers v4.22.0',
    convertedBy: null,
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
  };
  fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(json, null, 2) + '\n');
  fs.writeFileSync(path.join(dir, 'weights.bin'), Buffer.from(artifacts.weightData));
  // Images in [0, 1) with a quarter of the values 0 (dark background), like the fixtures' Fashion-MNIST inputs.
  const raw = tf.randomUniform([SAMPLES, ...spec.inputShape], 0, 1, 'float32', seed++);
  const input = tf.tidy(() => raw.mul(raw.greater(0.25).cast('float32')));
  const output = model.predict(input);
  fs.writeFileSync(path.join(dir, 'input.bin'), Buffer.from((await input.data()).buffer));
  fs.writeFileSync(path.join(dir, 'output.bin'), Buffer.from((await output.data()).buffer));
  fs.writeFileSync(path.join(dir, 'meta.json'), JSON.stringify({
    model: spec.name, description: spec.description, inputShape: spec.inputShape, samples: SAMPLES,
    outputShape: output.shape, parameters: model.countParams(),
    generator: { tool: 'make-zoo.js', tfjs: tf.version.tfjs },
  }, null, 2) + '\n');
  console.log(`${spec.name}: ${model.countParams()} parameters, output ${JSON.stringify(output.shape)}`);
}

(async () => { for (const spec of MODELS) await make(spec); })();
