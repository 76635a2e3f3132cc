namespace CnnGen.Generator { internal static class Placeholder { } }
