using System.Collections.Generic;
using System.Globalization;
using System.Text;
using CnnGen.Generator.Model;

namespace CnnGen.Generator.Emit
{
    /// <summary>
    /// Renders Keras' classic TF 2.x <c>model.summary()</c>: for a sequential model (and a functional one that is a plain
    /// chain, with its InputLayer row) 65 columns, fields ending at 29 / 55 / 65; for other functional models 98 columns with
    /// "Connected to" (<see cref="RenderGraph"/>); cells cut to fit (keras/utils/layer_utils.py <c>print_summary</c>, <c>print_row</c>).
    /// </summary>
    internal static class SummaryRenderer
    {
        private const int LineLength = 65;
        private static readonly int[] Positions = { 29, 55, 65 };

        /// <summary>The 98-column layout of a functional model that is not a chain: positions of its four fields.</summary>
        private const int GraphLineLength = 98;
        private static readonly int[] GraphPositions = { 32, 53, 65, 98 };

        public static string Render(ModelPlan plan)
        {
            if (plan.Graph != null && plan.IsGraph) return RenderGraph(plan);
            var lines = new List<string>
            {
                "Model: \"" + plan.ModelName + "\"",
                new string('_', LineLength),
                Row(Positions, "Layer (type)", "Output Shape", "Param #"),
                new string('=', LineLength),
            };
            if (plan.Graph != null)
            {
                // A functional model lists its InputLayer first (its output shape printed as a one-element list).
                lines.Add(Row(Positions, plan.Graph.InputName + " (InputLayer)", "[" + plan.InputShape.ToKerasString() + "]", "0"));
                lines.Add(new string('_', LineLength));
            }
            var layers = new List<LayerPlan>(plan.LayersInKerasOrder());
            for (int i = 0; i < layers.Count; i++)
            {
                LayerPlan layer = layers[i];
                lines.Add(Row(Positions, layer.Name + " (" + layer.Kind.KerasClass() + ")", layer.Output.ToKerasString(),
                    layer.ParameterCount.ToString(CultureInfo.InvariantCulture)));
                lines.Add(new string(i == layers.Count - 1 ? '=' : '_', LineLength));
            }
            AddTotals(plan, lines, LineLength);
            return string.Join("\n", lines);
        }

        /// <summary>
        /// TF 2.x's summary of a functional model with branches, merges or shared layers: 98 columns, fields ending at 32 /
        /// 53 / 65 / 98, one row per layer in <c>model.layers</c> order with its first inbound tensor (<c>conv2d[0][0]</c>),
        /// and a row of its own for each further one (every call of a shared layer included).
        /// </summary>
        private static string RenderGraph(ModelPlan plan)
        {
            var lines = new List<string>
            {
                "Model: \"" + plan.ModelName + "\"",
                new string('_', GraphLineLength),
                Row(GraphPositions, "Layer (type)", "Output Shape", "Param #", "Connected to"),
                new string('=', GraphLineLength),
                Row(GraphPositions, plan.Graph!.InputName + " (InputLayer)", "[" + plan.InputShape.ToKerasString() + "]", "0", ""),
                new string('_', GraphLineLength),
            };
            var layers = new List<LayerPlan>(plan.LayersInKerasOrder());
            var calls = new Dictionary<string, List<LayerPlan>>(System.StringComparer.Ordinal);
            foreach (LayerPlan call in plan.Layers)
            {
                if (!calls.TryGetValue(call.Name, out List<LayerPlan>? list)) calls[call.Name] = list = new List<LayerPlan>();
                list.Add(call);
            }
            for (int i = 0; i < layers.Count; i++)
            {
                LayerPlan layer = layers[i];
                var connections = new List<string>();
                string? shape = null;
                calls[layer.Name].Sort((a, b) => a.Call.CompareTo(b.Call));
                foreach (LayerPlan call in calls[layer.Name])
                {
                    string text = call.Output.ToKerasString();
                    shape = shape is null || shape == text ? text : "multiple";
                    foreach (int input in call.InputIndices)
                    {
                        connections.Add(input < 0 ? plan.Graph.InputName + "[0][0]" : $"{plan.Layers[input].Name}[{plan.Layers[input].Call}][0]");
                    }
                }
                lines.Add(Row(GraphPositions, layer.Name + " (" + layer.Kind.KerasClass() + ")", shape!,
                    layer.ParameterCount.ToString(CultureInfo.InvariantCulture), connections.Count > 0 ? connections[0] : ""));
                for (int c = 1; c < connections.Count; c++) lines.Add(Row(GraphPositions, "", "", "", connections[c]));
                lines.Add(new string(i == layers.Count - 1 ? '=' : '_', GraphLineLength));
            }
            AddTotals(plan, lines, GraphLineLength);
            return string.Join("\n", lines);
        }

        private static void AddTotals(ModelPlan plan, List<string> lines, int lineLength)
        {
            int total = plan.ParameterCount, trainable = plan.TrainableParameterCount;
            lines.Add("Total params: " + Thousands(total));
            lines.Add("Trainable params: " + Thousands(trainable));
            lines.Add("Non-trainable params: " + Thousands(total - trainable));
            lines.Add(new string('_', lineLength));
        }

        /// <summary>Keras' print_row: each field replaces the last character of the line so far with a space, then is cut at its column.</summary>
        private static string Row(int[] positions, params string[] fields)
        {
            var line = new StringBuilder();
            for (int i = 0; i < fields.Length; i++)
            {
                if (i > 0) line.Length -= 1;
                if (i > 0) line.Append(' ');
                line.Append(fields[i]);
                if (line.Length > positions[i]) line.Length = positions[i];
                line.Append(' ', positions[i] - line.Length);
            }
            return line.ToString();
        }

        private static string Thousands(int value) => value.ToString("#,0", CultureInfo.InvariantCulture);
    }
}
