namespace CnnGen { internal static class Placeholder { } }
