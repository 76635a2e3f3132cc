using CnnGen.Generator.Model;
using Microsoft.CodeAnalysis;

namespace CnnGen.Generator.Diagnostics
{
    /// <summary>A diagnostic as plain values: descriptor, location and message arguments.</summary>
    internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo? Location, EquatableArray<string> Arguments)
    {
        public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params object[] arguments)
        {
            var args = new string[arguments.Length];
            for (int i = 0; i < args.Length; i++)
            {
                args[i] = System.Convert.ToString(arguments[i], System.Globalization.CultureInfo.InvariantCulture) ?? "";
            }
            return new DiagnosticInfo(descriptor, location, new EquatableArray<string>(args));
        }

        /// <summary>The message as the compiler shows it (invariant culture).</summary>
        public string Message =>
            string.Format(System.Globalization.CultureInfo.InvariantCulture, Descriptor.MessageFormat.ToString(System.Globalization.CultureInfo.InvariantCulture), Arguments.ToArray());

        public Diagnostic ToDiagnostic() =>
            Diagnostic.Create(Descriptor, Location?.ToLocation(), Arguments.ToArray());
    }
}
