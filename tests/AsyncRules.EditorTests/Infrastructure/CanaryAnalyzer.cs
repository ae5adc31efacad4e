using System;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AsyncRules.EditorTests.Infrastructure
{
    /// <summary>
    /// An analyzer that throws on purpose, on the identifier <see cref="Trigger"/>: the proof that this suite would see an
    /// analyzer exception in the editor at all. Compiled here, into the workspace, and loaded by the server like ours.
    /// </summary>
    public static class CanaryAnalyzer
    {
        public const string Trigger = "CanaryThrowsHere";

        /// <summary>Where the canary reports CANARY1: the proof that the server loaded it.</summary>
        public const string Reporter = "CanaryReportsHere";

        /// <summary>The canary project's one file: the canary reports on it and does not throw.</summary>
        public const string Document = """
            internal static class Canary
            {
                private static int CanaryReportsHere() => 1;

                public static int Call() => CanaryReportsHere();
            }

            """;

        public const string Source = """
            using System;
            using System.Collections.Immutable;
            using Microsoft.CodeAnalysis;
            using Microsoft.CodeAnalysis.CSharp;
            using Microsoft.CodeAnalysis.CSharp.Syntax;
            using Microsoft.CodeAnalysis.Diagnostics;

            [DiagnosticAnalyzer(LanguageNames.CSharp)]
            public sealed class ThrowingCanaryAnalyzer : DiagnosticAnalyzer
            {
                private static readonly DiagnosticDescriptor Rule = new("CANARY1", "Canary", "Canary reports here", "Test", DiagnosticSeverity.Warning, true);

                public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

                public override void Initialize(AnalysisContext context)
                {
                    context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
                    context.EnableConcurrentExecution();
                    context.RegisterSyntaxNodeAction(c =>
                    {
                        var name = ((IdentifierNameSyntax)c.Node).Identifier.ValueText;
                        if (name == "CanaryReportsHere")
                        {
                            c.ReportDiagnostic(Diagnostic.Create(Rule, c.Node.GetLocation()));
                        }

                        if (name == "CanaryThrowsHere")
                        {
                            throw new InvalidOperationException("the canary analyzer throws on purpose");
                        }
                    }, SyntaxKind.IdentifierName);
                }
            }
            """;

        /// <summary>Compiles the canary to <paramref name="path"/> against this process's framework and Roslyn.</summary>
        public static void Emit(string path)
        {
            var platform = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? string.Empty)
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll")
                .Concat(new[] { typeof(Compilation).Assembly.Location, typeof(CSharpCompilation).Assembly.Location })
                .Distinct()
                .Select(p => MetadataReference.CreateFromFile(p));
            var compilation = CSharpCompilation.Create(
                Path.GetFileNameWithoutExtension(path),
                new[] { CSharpSyntaxTree.ParseText(Source) },
                platform,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            var result = compilation.Emit(path);
            if (!result.Success)
            {
                throw new InvalidOperationException("The canary analyzer does not compile: " + string.Join(Environment.NewLine, result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
            }
        }
    }
}
