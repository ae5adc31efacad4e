using System.Threading.Tasks;
using Xunit;
using Verify = AsyncRules.Tests.Infrastructure.Verifier<
    Microsoft.CodeAnalysis.Testing.EmptyDiagnosticAnalyzer,
    AsyncRules.CodeFixes.Rules.CS1624CS8403AsyncIteratorCodeFix>;

namespace AsyncRules.Tests.CompilerFixes
{
    /// <summary>CS8403, an IAsyncEnumerable iterator without async: add async.</summary>
    [Trait("Rule", "CS8403")]
    public class CS8403AddAsyncToAsyncIteratorCodeFixTests
    {
        private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.Threading.Tasks;\n";

        private static string Code(string members) => Usings + "class C\n{\n" + members + "\n}\n";

        [Fact]
        public Task Async_is_added_and_the_type_stays()
            => Verify.VerifyCodeFixAsync(
                Code("    /// <summary>Ticks.</summary>\n    public static IAsyncEnumerable<int> {|CS8403:Ticks|}()\n    {\n        yield return 1;\n    }"),
                Code("    /// <summary>Ticks.</summary>\n    public static async IAsyncEnumerable<int> Ticks()\n    {\n        yield return 1;\n    }"));

        [Fact]
        public Task Without_modifiers_async_takes_the_leading_trivia()
            => Verify.VerifyCodeFixAsync(
                Code("    // enumerator\n    IAsyncEnumerator<int> {|CS8403:Each|}()\n    {\n        yield return 1;\n    }"),
                Code("    // enumerator\n    async IAsyncEnumerator<int> Each()\n    {\n        yield return 1;\n    }"));

        [Fact]
        public Task A_local_function()
            => Verify.VerifyCodeFixAsync(
                Code("    void M()\n    {\n        IAsyncEnumerable<int> {|CS8403:Local|}() { yield return 1; }\n    }"),
                Code("    void M()\n    {\n        async IAsyncEnumerable<int> Local() { yield return 1; }\n    }"));

        [Fact]
        public Task Fix_all_fixes_every_document()
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("A.cs", Code("    IAsyncEnumerable<int> {|CS8403:A1|}() { yield return 1; }\n    IAsyncEnumerable<int> {|CS8403:A2|}() { yield return 2; }")));
            test.TestState.Sources.Add(("B.cs", Usings + "class D\n{\n    IAsyncEnumerable<int> {|CS8403:B1|}() { yield return 3; }\n}\n"));
            test.FixedState.Sources.Add(("A.cs", Code("    async IAsyncEnumerable<int> A1() { yield return 1; }\n    async IAsyncEnumerable<int> A2() { yield return 2; }")));
            test.FixedState.Sources.Add(("B.cs", Usings + "class D\n{\n    async IAsyncEnumerable<int> B1() { yield return 3; }\n}\n"));
            test.NumberOfFixAllInDocumentIterations = 2;
            return test.RunAsync();
        }

        [Fact]
        public Task No_fix_in_an_unsafe_method()
        {
            var source = Code("    unsafe IAsyncEnumerable<int> {|CS8403:{|CS1629:M|}|}() { yield return 1; }");
            return Verify.VerifyCodeFixAsync(source, source);
        }
    }
}
