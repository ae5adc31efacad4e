using System.Linq;

namespace AsyncRules.Tests.Infrastructure
{
    /// <summary>
    /// How the rule tests write the C# they feed the analyzers: members or a whole file as raw string literals, wrapped
    /// here in using directives and a class. Member sources are written as they stand inside the class (four spaces in),
    /// so a literal's text is exactly the text the analyzer sees and every <c>[|...|]</c> span is where it reads.
    /// </summary>
    internal static class TestCode
    {
        /// <summary>The using directives most test sources start with.</summary>
        public static readonly string Usings = UsingsOf("System", "System.Collections.Generic", "System.Threading", "System.Threading.Tasks");

        /// <summary>One <c>using N;</c> line for each namespace, in the order given.</summary>
        public static string UsingsOf(params string[] namespaces) => string.Concat(namespaces.Select(n => "using " + n + ";\n"));

        /// <summary>A file: <paramref name="usings"/> (by default <see cref="Usings"/>), then <paramref name="members"/> inside <paramref name="declaration"/>.</summary>
        public static string InClass(string members, string? usings = null, string declaration = "class C")
            => (usings ?? Usings) + declaration + "\n{\n" + members + "\n}\n";
    }
}
