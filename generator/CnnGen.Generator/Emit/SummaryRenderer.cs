using System.Collections.Generic;
using System.Globalization;
using System.Text;
using CnnGen.Generator.Model;

namespace CnnGen.Generator.Emit
{
    /// <summary>
    /// Renders Keras' classic TF 2.x <c>model.summary()</c> for a sequential model: 65 columns, fields ending at
    /// 29 / 55 / 65, cut to fit (keras/utils/layer_utils.py <c>print_summary</c>, <c>print_row</c>).
    /// </summary>
    internal static class SummaryRenderer
    {
        private const int LineLength = 65;
        private static readonly int[] Positions = { 29, 55, 65 };

        public static string Render(ModelPlan plan)
        {
            var lines = new List<string>
            {
                "Model: \"" + plan.ModelName + "\"",
                new string('_', LineLength),
                Row("Layer (type)", "Output Shape", "Param #"),
                new string('=', LineLength),
            };
            for (int i = 0; i < plan.Layers.Count; i++)
            {
                LayerPlan layer = plan.Layers[i];
                lines.Add(Row(layer.Name + " (" + layer.Kind.KerasClass() + ")", layer.Output.ToKerasString(),
                    layer.ParameterCount.ToString(CultureInfo.InvariantCulture)));
                lines.Add(new string(i == plan.Layers.Count - 1 ? '=' : '_', LineLength));
            }
            int total = plan.ParameterCount, trainable = plan.TrainableParameterCount;
            lines.Add("Total params: " + Thousands(total));
            lines.Add("Trainable params: " + Thousands(trainable));
            lines.Add("Non-trainable params: " + Thousands(total - trainable));
            lines.Add(new string('_', LineLength));
            return string.Join("\n", lines);
        }

        /// <summary>Keras' print_row: each field replaces the last character of the line so far with a space, then is cut at its column.</summary>
        private static string Row(params string[] fields)
        {
            var line = new StringBuilder();
            for (int i = 0; i < fields.Length; i++)
            {
                if (i > 0) line.Length -= 1;
                if (i > 0) line.Append(' ');
                line.Append(fields[i]);
                if (line.Length > Positions[i]) line.Length = Positions[i];
                line.Append(' ', Positions[i] - line.Length);
            }
            return line.ToString();
        }

        private static string Thousands(int value) => value.ToString("#,0", CultureInfo.InvariantCulture);
    }
}
