using System.Collections.Generic;
using System.Linq;
using System.Globalization;
using CnnGen.Generator.Model;
using CnnGen.Generator.Planning;

namespace CnnGen.Generator.Emit
{
    /// <summary>
    /// Conv2D 3x3, stride 1, as Winograd F(4x4,3x3) (Lavin and Gray, 2015) on the SIMD paths. The conv outputs are cut
    /// into 4x4 tiles, each computed from the 6x6 input patch under it: V = Bᵀ·d·B per tile and input channel (input
    /// transform), then for each of the 36 points ξ of the transformed domain the product M[ξ] = V[ξ]·U[ξ] over the input
    /// channels (a [tiles × C]·[C × C'] matrix product, register-blocked like the direct form), then Y = Aᵀ·M·A per tile
    /// and output channel (output transform), with bias, relu and a fused max pooling on the registers. U = G·g·Gᵀ is
    /// computed once in the constructor, in double. 36 multiplications per 4x4 outputs and channel pair instead of 144.
    /// </summary>
    /// <remarks>
    /// V and M live in the layer's output buffer after the output it writes (<see cref="LayerPlan.Workspace"/>). The
    /// scalar path computes the direct convolution (<see cref="Conv2DEmitter.EmitPath"/>). Rounding: the transforms
    /// have small integer entries and G is applied in double, so the result stays within float rounding of the direct
    /// sum for the activations these layers see; the conformance tests hold it to the same tolerance on every path.
    /// </remarks>
    internal sealed class WinogradEmitter : ILayerEmitter, IParameterPreparation
    {
        private const int M = WinogradChoice.Tile, N = M + 2, Points = N * N;

        /// <summary>G of F(4x4,3x3), as C# double expressions.</summary>
        private static readonly string[] G =
        {
            "1.0 / 4", "0.0", "0.0",
            "-1.0 / 6", "-1.0 / 6", "-1.0 / 6",
            "-1.0 / 6", "1.0 / 6", "-1.0 / 6",
            "1.0 / 24", "1.0 / 12", "1.0 / 6",
            "1.0 / 24", "-1.0 / 12", "1.0 / 6",
            "0.0", "0.0", "1.0",
        };

        public void EmitPreparation(LayerPlan layer, ModelPlan model, SourceWriter w)
        {
            int c = layer.Input.Last, co = layer.Output.Last;
            int kernel = layer.Weight("kernel")!.Offset, u = layer.Parameter("winograd_kernel")!.Offset;
            w.Comment($"{layer.Name}: the Winograd F(4x4,3x3) kernel U[ξ][ci][co] = (G·g·Gᵀ)[i][j], ξ = 6i + j, per 3x3 kernel g; in double, rounded once.");
            w.Open("");
            w.Line($"double[] g = {{ {string.Join(", ", G)} }};");
            w.Open($"for (int ci = 0; ci < {c}; ci++)");
            w.Open($"for (int co = 0; co < {co}; co++)");
            w.Open($"for (int xi = 0; xi < {Points}; xi++)");
            w.Line($"int i = xi / {N}, j = xi % {N};");
            w.Line("double sum = 0;");
            w.Open("for (int ky = 0; ky < 3; ky++)");
            w.Line($"for (int kx = 0; kx < 3; kx++) sum += g[i * 3 + ky] * p[{kernel} + ((ky * 3 + kx) * {c} + ci) * {co} + co] * g[j * 3 + kx];");
            w.Close();
            w.Line($"p[{u} + (xi * {c} + ci) * {co} + co] = (float)sum;");
            w.Close();
            w.Close();
            w.Close();
            w.Close();
        }

        public void EmitBody(LayerPlan layer, EmitContext context)
        {
            long needed = context.Model.WrittenLength(layer) + layer.Workspace;
            // The vector paths write past the output without bounds checks: make sure the buffer is a whole scratch buffer.
            context.Writer.Line($"if (y.Length < {needed}) throw new global::System.ArgumentException(\"{ModelEmitter.Escape(layer.Name)} needs {needed} floats of output buffer (output and Winograd workspace).\", nameof(y));");
            bool generic = SimdOps.Available(context);
            VectorBlocks.Dispatch(context, layer.Output.Last, (lanes, vec) =>
            {
                if (lanes.Width == 1) Conv2DEmitter.EmitPath(layer, context, lanes, "");
                else EmitVector(layer, context, lanes, vec, generic);
            }, width => ProductShape(layer, context, width));
            if (generic) EmitGenericTransforms(layer, context);
        }

        /// <summary>
        /// The input and output transforms as generic local functions, written once for every width (see
        /// <see cref="SimdOps"/>): they are most of the layer's code, and the same at every width but for the vector type.
        /// </summary>
        private static void EmitGenericTransforms(LayerPlan layer, EmitContext context)
        {
            SourceWriter w = context.Writer;
            LayerPlan? pool = context.Model.FusedPoolOf(layer);
            (WinogradTiles tiles, int v, int m) = Layout(layer, context);
            const string Optimize = EmitContext.AggressiveOptimization;
            w.Line();
            w.Comment($"The transforms, written once for every width: V is {SimdOps.Struct(context, 16)}, Simd256 or Simd128, T its vector type.");
            w.Line(Optimize);
            w.Open($"static void InputTransform<V, T>(global::System.ReadOnlySpan<float> x, global::System.Span<float> y) {SimdOps.Constraints(context)}");
            w.Line("ref float xr = ref Mem.GetReference(x);");
            w.Line("ref float yr = ref Mem.GetReference(y);");
            EmitConstants(w, SimdOps.Generic);
            EmitInputTransform(layer, context, "V.Count", SimdOps.Generic, tiles, v);
            w.Close();
            w.Line();
            w.Line(Optimize);
            w.Open($"static void OutputTransform<V, T>(global::System.Span<float> y, global::System.ReadOnlySpan<float> ws) {SimdOps.Constraints(context)}");
            w.Line("ref float yr = ref Mem.GetReference(y);");
            w.Line("ref float wr = ref Mem.GetReference(ws);");
            EmitConstants(w, SimdOps.Generic);
            EmitOutputTransform(layer, pool, context, "V.Count", SimdOps.Generic, tiles, m);
            w.Close();
        }

        /// <summary>Output-channel vectors per register block of the products: two where there are two.</summary>
        private static int PerBlock(int channels, int width) => channels / width >= 2 ? 2 : 1;

        /// <summary>Tiles per register block of the products: 24 accumulators of the 32 registers of AVX-512, 12 of 16 otherwise.</summary>
        private static int TileBlock(int tiles, int perBlock, int width) => System.Math.Min(tiles, (width == 16 ? 24 : 12) / perBlock);

        /// <summary>
        /// The structure of the vector path at a width (<see cref="VectorBlocks.Dispatch(EmitContext, int, System.Action{Lanes, string}, System.Func{int, object}?)"/>):
        /// the products' blocks, when their channel loop leaves no channels over. Vector256 and Vector128 share one generic
        /// body when theirs are equal (the transforms are generic at every width).
        /// </summary>
        private static object ProductShape(LayerPlan layer, EmitContext context, int width)
        {
            int co = layer.Output.Last, perBlock = PerBlock(co, width);
            if (co % (perBlock * width) != 0) return width; // a shape no other width has
            return (perBlock, TileBlock(Layout(layer, context).Tiles.Count, perBlock, width));
        }

        /// <summary>The layer's tiles, and where V and M start in its output buffer: right after the output it writes.</summary>
        private static (WinogradTiles Tiles, int V, int M) Layout(LayerPlan layer, EmitContext context)
        {
            var tiles = new WinogradTiles(layer, context.Model.FusedPoolOf(layer));
            int written = (int)context.Model.WrittenLength(layer);
            return (tiles, written, written + Points * tiles.Count * layer.Input.Last);
        }

        private static void EmitConstants(SourceWriter w, string vec)
        {
            w.Line($"var zero = {vec}.Create(0f);");
            w.Line($"var two = {vec}.Create(2f); var four = {vec}.Create(4f); var eight = {vec}.Create(8f); var minus2 = {vec}.Create(-2f); var minus4 = {vec}.Create(-4f); var minus5 = {vec}.Create(-5f);");
        }

        private static void EmitVector(LayerPlan layer, EmitContext context, Lanes lanes, string vec, bool generic)
        {
            int width = lanes.Width;
            SourceWriter w = context.Writer;
            LayerPlan? pool = context.Model.FusedPoolOf(layer);
            (WinogradTiles tiles, int v, int m) = Layout(layer, context);
            int c = layer.Input.Last, co = layer.Output.Last;
            w.Comment($"{lanes.PathName}, Winograd F(4x4,3x3): {tiles.Rows}x{tiles.Cols} tiles of 4x4 conv outputs{(pool != null ? $" (the {tiles.NeedH}x{tiles.NeedW} that {pool.Name} reads)" : "")}.");
            w.Comment($"V [36][{tiles.Count} tiles][{c}] at y[{v}..], M [36][{tiles.Count}][{co}] at y[{m}..]: after the output, in the same buffer.");
            string step = width.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (generic)
            {
                string types = lanes.Generic ? "<V, T>" : SimdOps.TypeArguments(context, width);
                w.Line($"InputTransform{types}(x, y);");
                w.Line($"var zero = {vec}.Create(0f);");
                EmitProducts(layer, context, lanes, vec, tiles, v, m);
                w.Line($"OutputTransform{types}(y, w);");
                return;
            }
            EmitConstants(w, vec);
            EmitInputTransform(layer, context, step, vec, tiles, v);
            EmitProducts(layer, context, lanes, vec, tiles, v, m);
            EmitOutputTransform(layer, pool, context, step, vec, tiles, m);
        }

        /// <summary>Step 1: V[ξ][tile][ci] = (Bᵀ·d·B)[ξ] for the 6x6 patch d of each tile, cells outside the input read as 0.</summary>
        private static void EmitInputTransform(LayerPlan layer, EmitContext context, string width, string vec, WinogradTiles tiles, int v)
        {
            SourceWriter w = context.Writer;
            int inH = layer.Input[0], inW = layer.Input[1], c = layer.Input.Last;
            bool rowGuard = layer.PadTop > 0 || (tiles.Rows - 1) * M - layer.PadTop + N > inH;
            bool colGuard = layer.PadLeft > 0 || (tiles.Cols - 1) * M - layer.PadLeft + N > inW;
            w.Comment("Step 1, input transform: V = Bᵀ·d·B of each tile's 6x6 input patch d (Bᵀ on the columns, then on the rows).");
            w.Open($"for (int ty = 0; ty < {tiles.Rows}; ty++)");
            w.Open($"for (int tx = 0; tx < {tiles.Cols}; tx++)");
            w.Line($"int tile = ty * {tiles.Cols} + tx;");
            w.Line($"int iy = {Conv2DEmitter.Affine("ty", M, -layer.PadTop)}, ix = {Conv2DEmitter.Affine("tx", M, -layer.PadLeft)};");
            if (rowGuard) w.Line(string.Join(", ", Range(N, r => $"{(r == 0 ? "bool " : "")}r{r} = (uint)({Conv2DEmitter.Affine("iy", 1, r)}) < {inH}u")) + ";");
            if (colGuard) w.Line(string.Join(", ", Range(N, k => $"{(k == 0 ? "bool " : "")}c{k} = (uint)({Conv2DEmitter.Affine("ix", 1, k)}) < {inW}u")) + ";");
            w.Open($"for (int ch = 0; ch < {c}; ch += {width})");
            w.Line($"int i = (iy * {inW} + ix) * {c} + ch;");
            if (vec == SimdOps.Generic && layer.Output.Last >= MinLoopedTransformChannels)
            {
                EmitInputTransformLooped(w, context, vec, inW, c, tiles.Count * c, v, rowGuard, colGuard);
                w.Close();
                w.Close();
                w.Close();
                return;
            }
            for (int j = 0; j < N; j++)
            {
                w.Comment($"column {j}: t[·][{j}] = Bᵀ·d[·][{j}]");
                var d = new string[N];
                for (int r = 0; r < N; r++)
                {
                    string load = $"{vec}.LoadUnsafe(ref Uns.Add(ref xr, {Conv2DEmitter.Affine("i", 1, (r * inW + j) * c)}))";
                    var tests = new List<string>();
                    if (rowGuard) tests.Add($"r{r}");
                    if (colGuard) tests.Add($"c{j}");
                    d[r] = $"d{r}_{j}";
                    w.Line($"var {d[r]} = {(tests.Count > 0 ? $"{string.Join(" && ", tests)} ? {load} : zero" : load)};");
                }
                EmitInput1D(w, context, vec, d, "_" + j, (k, value) => $"var t{k}_{j} = {value};");
            }
            w.Line($"ref float o = ref Uns.Add(ref yr, {v} + tile * {c} + ch);");
            for (int k = 0; k < N; k++)
            {
                w.Comment($"row {k}: V[{k}][·] = t[{k}][·]·B");
                EmitInput1D(w, context, vec, Range(N, j => $"t{k}_{j}").ToArray(), "r" + k, (l, value) => $"{vec}.StoreUnsafe({value}, ref {Ref("o", (k * N + l) * tiles.Count * c)});");
            }
            w.Close();
            w.Close();
            w.Close();
        }

        /// <summary>
        /// Output channels from which the generic input transform is written as loops (<see cref="EmitInputTransformLooped"/>):
        /// its second pass over V costs about as much as the products of a few output channels, which is lost in the products
        /// of 64 (the tutorial CNN: no change measured) but measured 8-14 % slower on perf-zoo's rgb_blocks (16 and 32).
        /// </summary>
        private const int MinLoopedTransformChannels = 64;

        /// <summary>
        /// The two passes of the input transform as loops (the generic body's form: its size does not depend on the tile):
        /// each column's Bᵀ·d[·][j] goes to V[·][j], then each row of V is replaced by its ·B in place. V is written twice
        /// instead of once, in cache lines the products read next; in exchange 36 values need not stay in registers.
        /// </summary>
        private static void EmitInputTransformLooped(SourceWriter w, EmitContext context, string vec, int inW, int c, int stride, int v, bool rowGuard, bool colGuard)
        {
            w.Line($"ref float o = ref Uns.Add(ref yr, {v} + tile * {c} + ch);");
            w.Comment("columns: t[·][j] = Bᵀ·d[·][j], into V[·][j]");
            w.Open($"for (int j = 0; j < {N}; j++)");
            if (colGuard) w.Line($"bool cj = (uint)(ix + j) < {inW}u;");
            w.Line($"ref float xj = ref Uns.Add(ref xr, i + j * {c});");
            w.Line($"ref float tj = ref Uns.Add(ref o, j * {stride});");
            var d = new string[N];
            for (int r = 0; r < N; r++)
            {
                string load = $"{vec}.LoadUnsafe(ref {Ref("xj", r * inW * c)})";
                var tests = new List<string>();
                if (rowGuard) tests.Add($"r{r}");
                if (colGuard) tests.Add("cj");
                d[r] = $"d{r}";
                w.Line($"var {d[r]} = {(tests.Count > 0 ? $"{string.Join(" && ", tests)} ? {load} : zero" : load)};");
            }
            EmitInput1D(w, context, vec, d, "", (k, value) => $"{vec}.StoreUnsafe({value}, ref {Ref("tj", k * N * stride)});");
            w.Close();
            w.Comment("rows: V[k][·] = t[k][·]·B, in place");
            w.Open($"for (int k = 0; k < {N}; k++)");
            w.Line($"ref float vk = ref Uns.Add(ref o, k * {N * stride});");
            var t = new string[N];
            for (int j = 0; j < N; j++)
            {
                t[j] = $"t{j}";
                w.Line($"var t{j} = {vec}.LoadUnsafe(ref {Ref("vk", j * stride)});");
            }
            EmitInput1D(w, context, vec, t, "", (l, value) => $"{vec}.StoreUnsafe({value}, ref {Ref("vk", l * stride)});");
            w.Close();
        }

        /// <summary>Step 2: M[ξ] = V[ξ]·U[ξ], register blocks of tiles × output-channel vectors.</summary>
        private static void EmitProducts(LayerPlan layer, EmitContext context, Lanes lanes, string vec, WinogradTiles tiles, int v, int m)
        {
            int width = lanes.Width;
            SourceWriter w = context.Writer;
            int c = layer.Input.Last, co = layer.Output.Last, t = tiles.Count;
            int u = layer.Parameter("winograd_kernel")!.Offset;
            int perBlock = PerBlock(co, width);
            int tileBlock = TileBlock(t, perBlock, width);
            w.Comment($"Step 2, the 36 products M[ξ] = V[ξ]·U[ξ] ([{t} tiles × {c}]·[{c} × {co}]): blocks of up to {tileBlock} tiles × {perBlock} vectors of output channels.");
            w.Open($"for (int xi = 0; xi < {Points}; xi++)");
            w.Line($"int vb = {v} + xi * {t * c}, mb = {m} + xi * {t * co}, ub = {u} + xi * {c * co};");
            int step = perBlock * width;
            int full = co / step * step;
            w.Open($"for (int co = 0; co < {full}; co += {lanes.Times(perBlock)})");
            EmitTileBlocks(w, context, vec, lanes, perBlock, tileBlock, t, c, co);
            w.Close();
            if (full < co)
            {
                w.Open("");
                w.Line($"const int co = {full};");
                EmitTileBlocks(w, context, vec, lanes, 1, tileBlock, t, c, co);
                w.Close();
            }
            w.Close();
        }

        private static void EmitTileBlocks(SourceWriter w, EmitContext context, string vec, Lanes width, int perBlock, int tileBlock, int t, int c, int co)
        {
            int rest = t % tileBlock;
            if (t / tileBlock == 1)
            {
                w.Open("");
                w.Line("const int t0 = 0;");
                EmitTileBlock(w, context, vec, width, perBlock, tileBlock, c, co);
                w.Close();
            }
            else if (t >= tileBlock)
            {
                w.Open($"for (int t0 = 0; t0 <= {t - tileBlock}; t0 += {tileBlock})");
                EmitTileBlock(w, context, vec, width, perBlock, tileBlock, c, co);
                w.Close();
            }
            if (rest > 0)
            {
                w.Open("");
                w.Line($"const int t0 = {t - rest};");
                EmitTileBlock(w, context, vec, width, perBlock, rest, c, co);
                w.Close();
            }
        }

        private static void EmitTileBlock(SourceWriter w, EmitContext context, string vec, Lanes width, int perBlock, int tilesInBlock, int c, int co)
        {
            for (int k = 0; k < tilesInBlock; k++)
            {
                w.Line(string.Join(" ", Range(perBlock, j => $"var a{k}_{j} = zero;")));
            }
            // Walking references (not int indices) let the JIT fold every offset into the load's address.
            w.Line($"ref float vp = ref Uns.Add(ref yr, vb + t0 * {c});");
            w.Line("ref float up = ref Uns.Add(ref wr, ub + co);");
            w.Open($"for (int ci = 0; ci < {c}; ci++)");
            for (int j = 0; j < perBlock; j++) w.Line($"var u{j} = {vec}.LoadUnsafe(ref {width.Ref("up", 0, j)});");
            for (int k = 0; k < tilesInBlock; k++)
            {
                w.Line($"var v{k} = {vec}.Create({Ref("vp", k * c)});");
                for (int j = 0; j < perBlock; j++) w.Line($"a{k}_{j} = {context.MultiplyAdd(vec, $"v{k}", $"u{j}", $"a{k}_{j}")};");
            }
            w.Line("vp = ref Uns.Add(ref vp, 1);");
            w.Line($"up = ref Uns.Add(ref up, {co});");
            w.Close();
            w.Line($"ref float mp = ref Uns.Add(ref yr, mb + t0 * {co} + co);");
            for (int k = 0; k < tilesInBlock; k++)
            {
                for (int j = 0; j < perBlock; j++) w.Line($"{vec}.StoreUnsafe(a{k}_{j}, ref {width.Ref("mp", k * co, j)});");
            }
        }

        /// <summary>Step 3: Y = Aᵀ·M·A per tile and output-channel vector, then bias and activation (after the pooling max, if fused).</summary>
        private static void EmitOutputTransform(LayerPlan layer, LayerPlan? pool, EmitContext context, string width, string vec, WinogradTiles tiles, int m)
        {
            SourceWriter w = context.Writer;
            int co = layer.Output.Last, t = tiles.Count;
            WeightPlan? bias = layer.Parameter("bias");
            ActivationKind act = layer.Spec.Activation;
            w.Comment($"Step 3, output transform: Y = Aᵀ·M·A per tile (Aᵀ on the columns, then on the rows), + bias, {act.KerasName()}{(pool != null ? $", max over {pool.Name}'s windows" : "")}.");
            w.Open($"for (int ty = 0; ty < {tiles.Rows}; ty++)");
            w.Open($"for (int tx = 0; tx < {tiles.Cols}; tx++)");
            w.Line($"int tile = ty * {tiles.Cols} + tx;");
            w.Open($"for (int ch = 0; ch < {co}; ch += {width})");
            w.Line(bias != null ? $"var bias = {vec}.LoadUnsafe(ref Uns.Add(ref wr, {Conv2DEmitter.Affine("ch", 1, bias.Offset)}));" : "var bias = zero;");
            w.Line($"ref float mp = ref Uns.Add(ref yr, {m} + tile * {co} + ch);");
            for (int j = 0; j < N; j++)
            {
                w.Comment($"column {j}: s[·][{j}] = Aᵀ·M[·][{j}]");
                var mj = new string[N];
                for (int i = 0; i < N; i++)
                {
                    mj[i] = $"m{i}_{j}";
                    w.Line($"var {mj[i]} = {vec}.LoadUnsafe(ref {Ref("mp", (i * N + j) * t * co)});");
                }
                EmitOutput1D(w, context, vec, mj, "_" + j, (k, value) => $"var s{k}_{j} = {value};");
            }
            for (int k = 0; k < M; k++)
            {
                EmitOutput1D(w, context, vec, Range(N, j => $"s{k}_{j}").ToArray(), "r" + k, (l, value) => $"var y{k}_{l} = {value};");
            }
            if (pool != null)
            {
                int ph = pool.Spec.KernelHeight, pw = pool.Spec.KernelWidth;
                int poolH = pool.Output[0], poolW = pool.Output[1];
                int perRow = M / ph, perCol = M / pw;
                for (int pr = 0; pr < perRow; pr++)
                {
                    for (int pc = 0; pc < perCol; pc++)
                    {
                        var guards = new List<string>();
                        if (tiles.Rows * perRow > poolH) guards.Add($"{Conv2DEmitter.Affine("ty", perRow, pr)} < {poolH}");
                        if (tiles.Cols * perCol > poolW) guards.Add($"{Conv2DEmitter.Affine("tx", perCol, pc)} < {poolW}");
                        string max = "";
                        for (int dy = 0; dy < ph; dy++)
                        {
                            for (int dx = 0; dx < pw; dx++)
                            {
                                string cell = $"y{pr * ph + dy}_{pc * pw + dx}";
                                max = max.Length == 0 ? cell : $"{vec}.Max({max}, {cell})";
                            }
                        }
                        string value = VectorBlocks.Activate(act, SimdOps.Add(vec, max, "bias"), vec);
                        string store = $"{vec}.StoreUnsafe({value}, ref Uns.Add(ref yr, (({Conv2DEmitter.Affine("ty", perRow, pr)}) * {poolW} + {Conv2DEmitter.Affine("tx", perCol, pc)}) * {co} + ch));";
                        w.Line(guards.Count > 0 ? $"if ({string.Join(" && ", guards)}) {store}" : store);
                    }
                }
            }
            else
            {
                int outH = layer.Output[0], outW = layer.Output[1];
                for (int k = 0; k < M; k++)
                {
                    for (int l = 0; l < M; l++)
                    {
                        var guards = new List<string>();
                        if (tiles.Rows * M > outH) guards.Add($"{Conv2DEmitter.Affine("ty", M, k)} < {outH}");
                        if (tiles.Cols * M > outW) guards.Add($"{Conv2DEmitter.Affine("tx", M, l)} < {outW}");
                        string value = VectorBlocks.Activate(act, SimdOps.Add(vec, $"y{k}_{l}", "bias"), vec);
                        string store = $"{vec}.StoreUnsafe({value}, ref Uns.Add(ref yr, (({Conv2DEmitter.Affine("ty", M, k)}) * {outW} + {Conv2DEmitter.Affine("tx", M, l)}) * {co} + ch));";
                        w.Line(guards.Count > 0 ? $"if ({string.Join(" && ", guards)}) {store}" : store);
                    }
                }
            }
            w.Close();
            w.Close();
            w.Close();
        }

        /// <summary>
        /// Bᵀ·d for six vectors d, with Bᵀ of F(4x4,3x3) (interpolation points 0, ±1, ±2, ∞) the rows [4,0,-5,0,1,0],
        /// [0,-4,-4,1,1,0], [0,4,-4,-1,1,0], [0,-2,-1,2,1,0], [0,2,-1,-2,1,0], [0,4,0,-5,0,1], factored to 14 operations: with s12 = d1 + d2,
        /// s34 = d3 + d4, t12 = d1 - d2, t43 = d4 - d3, p = d4 - d2, q = d3 - d1 the outputs are 4·d0 - 5·d2 + d4,
        /// s34 - 4·s12, t43 + 4·t12, p + 2·q, p - 2·q, 4·d1 - 5·d3 + d5. <paramref name="output"/> writes output k.
        /// </summary>
        private static void EmitInput1D(SourceWriter w, EmitContext context, string vec, string[] d, string tag, System.Func<int, string, string> output)
        {
            w.Line($"var s12{tag} = {SimdOps.Add(vec, d[1], d[2])}; var s34{tag} = {SimdOps.Add(vec, d[3], d[4])}; var t12{tag} = {SimdOps.Subtract(vec, d[1], d[2])}; " +
                $"var t43{tag} = {SimdOps.Subtract(vec, d[4], d[3])}; var p{tag} = {SimdOps.Subtract(vec, d[4], d[2])}; var q{tag} = {SimdOps.Subtract(vec, d[3], d[1])};");
            w.Line(output(0, context.MultiplyAdd(vec, "minus5", d[2], context.MultiplyAdd(vec, "four", d[0], d[4]))));
            w.Line(output(1, context.MultiplyAdd(vec, "minus4", $"s12{tag}", $"s34{tag}")));
            w.Line(output(2, context.MultiplyAdd(vec, "four", $"t12{tag}", $"t43{tag}")));
            w.Line(output(3, context.MultiplyAdd(vec, "two", $"q{tag}", $"p{tag}")));
            w.Line(output(4, context.MultiplyAdd(vec, "minus2", $"q{tag}", $"p{tag}")));
            w.Line(output(5, context.MultiplyAdd(vec, "minus5", d[3], context.MultiplyAdd(vec, "four", d[1], d[5]))));
        }

        /// <summary>
        /// Aᵀ·m for six vectors m, with Aᵀ the rows [1,1,1,1,1,0], [0,1,-1,2,-2,0], [0,1,1,4,4,0], [0,1,-1,8,-8,1],
        /// factored to 10 operations: with a = m1 + m2,
        /// b = m1 - m2, e = m3 + m4, f = m3 - m4 the outputs are m0 + a + e, b + 2·f, a + 4·e, b + 8·f + m5.
        /// </summary>
        private static void EmitOutput1D(SourceWriter w, EmitContext context, string vec, string[] m, string tag, System.Func<int, string, string> output)
        {
            w.Line($"var a{tag} = {SimdOps.Add(vec, m[1], m[2])}; var b{tag} = {SimdOps.Subtract(vec, m[1], m[2])}; var e{tag} = {SimdOps.Add(vec, m[3], m[4])}; var f{tag} = {SimdOps.Subtract(vec, m[3], m[4])};");
            w.Line(output(0, SimdOps.Add(vec, SimdOps.Add(vec, m[0], $"a{tag}"), $"e{tag}")));
            w.Line(output(1, context.MultiplyAdd(vec, "two", $"f{tag}", $"b{tag}")));
            w.Line(output(2, context.MultiplyAdd(vec, "four", $"e{tag}", $"a{tag}")));
            w.Line(output(3, SimdOps.Add(vec, context.MultiplyAdd(vec, "eight", $"f{tag}", $"b{tag}"), m[5])));
        }

        /// <summary>The float <paramref name="offset"/> places after the reference <paramref name="name"/>.</summary>
        internal static string Ref(string name, int offset) => offset == 0 ? name : $"Uns.Add(ref {name}, {offset})";

        private static IEnumerable<string> Range(int count, System.Func<int, string> item)
        {
            for (int i = 0; i < count; i++) yield return item(i);
        }
    }
}
