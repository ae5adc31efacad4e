using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace AsyncRules.Tests.Infrastructure
{
    /// <summary>
    /// The stock Roslyn testing library with this repository's settings: reference assemblies from the SDK pack and
    /// the newest language version the test Roslyn knows. <see cref="VerifyCodeFixAsync"/> also checks Fix All in
    /// document, project and solution scope.
    /// </summary>
    public static class Verifier<TAnalyzer, TCodeFix>
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TCodeFix : CodeFixProvider, new()
    {
        /// <summary>The rule's main descriptor, its first: a rule may word its message differently for a variant under the same ID.</summary>
        public static DiagnosticResult Diagnostic() => new(new TAnalyzer().SupportedDiagnostics[0]);

        public static DiagnosticResult Diagnostic(DiagnosticDescriptor descriptor) => new(descriptor);

        public static DiagnosticResult Diagnostic(string id) => CSharpCodeFixVerifier<TAnalyzer, TCodeFix, DefaultVerifier>.Diagnostic(id);

        /// <summary>Asserts exactly the diagnostics marked in <paramref name="source"/> (<c>[|...|]</c>) plus <paramref name="expected"/>.</summary>
        public static Task VerifyAnalyzerAsync(string source, params DiagnosticResult[] expected)
        {
            var test = new Test { TestCode = source };
            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync(CancellationToken.None);
        }

        /// <summary>Asserts the diagnostics, then that fixing them one by one and with Fix All gives <paramref name="fixedSource"/>.
        /// Pass <paramref name="fixedSource"/> equal to <paramref name="source"/> to assert that no fix is offered.</summary>
        public static Task VerifyCodeFixAsync(string source, string fixedSource, params DiagnosticResult[] expected)
        {
            var test = new Test { TestCode = source, FixedCode = fixedSource };
            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync(CancellationToken.None);
        }

        /// <summary><see cref="VerifyCodeFixAsync"/> for a program: top-level statements, compiled as a console application.</summary>
        public static Task VerifyProgramCodeFixAsync(string source, string fixedSource, params DiagnosticResult[] expected)
        {
            var test = new Test { TestCode = source, FixedCode = fixedSource, OutputKind = OutputKind.ConsoleApplication };
            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync(CancellationToken.None);
        }

        public sealed class Test : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
        {
            public Test()
            {
                ReferenceAssemblies = TestReferences.None;
                MarkupOptions = MarkupOptions.UseFirstDescriptor;
                TestState.AdditionalReferences.AddRange(TestReferences.All);
            }

            public LanguageVersion LanguageVersion { get; set; } = LanguageVersion.Latest;

            /// <summary>The test project's output kind (a library unless set): <c>ConsoleApplication</c> for top-level statements.</summary>
            public OutputKind OutputKind
            {
                get => TestState.OutputKind ?? OutputKind.DynamicallyLinkedLibrary;
                set => TestState.OutputKind = value;
            }

            protected override ParseOptions CreateParseOptions()
                => ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion);

            protected override CompilationOptions CreateCompilationOptions()
                => ((CSharpCompilationOptions)base.CreateCompilationOptions()).WithAllowUnsafe(true);
        }
    }
}
