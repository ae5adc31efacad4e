using System.Threading.Tasks;
using Xunit;
using Verify = AsyncRules.Tests.Infrastructure.Verifier<
    Microsoft.CodeAnalysis.Testing.EmptyDiagnosticAnalyzer,
    AsyncRules.CodeFixes.Rules.CS1622DelegateToInnerStreamCodeFix>;

namespace AsyncRules.Tests.CompilerFixes
{
    /// <summary>
    /// An iterator handing over to another stream (Python's <c>yield from</c>): <c>return Other();</c> is CS1622,
    /// <c>yield return Other();</c> a conversion error (CS0029, CS0266). The fix yields each item itself.
    /// </summary>
    [Trait("Rule", "CS1622")]
    public class CS1622DelegateToInnerStreamCodeFixTests
    {
        private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.Runtime.CompilerServices;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

        private const string Other = "\n    static async IAsyncEnumerable<int> Other([EnumeratorCancellation] CancellationToken token = default) { await Task.Yield(); yield return 1; }";

        private static string Code(string members) => Usings + "class C\n{\n" + members + "\n}\n";

        [Fact]
        public Task A_returned_async_stream_is_yielded_item_by_item_then_the_method_ends()
            => Verify.VerifyCodeFixAsync(
                Code("    static async IAsyncEnumerable<int> Ticks(bool handOver)\n    {\n        if (handOver)\n        {\n            // the rest comes from Other\n            {|CS1622:return|} Other();\n        }\n        yield return 0;\n    }" + Other),
                Code("    static async IAsyncEnumerable<int> Ticks(bool handOver)\n    {\n        if (handOver)\n        {\n            // the rest comes from Other\n            await foreach (var item in Other())\n            {\n                yield return item;\n            }\n            yield break;\n        }\n        yield return 0;\n    }" + Other));

        [Fact]
        public Task A_return_that_is_the_last_statement_needs_no_yield_break()
            => Verify.VerifyCodeFixAsync(
                Code("    static async IAsyncEnumerable<int> Ticks()\n    {\n        yield return 0;\n        {|CS1622:return|} Other();\n    }" + Other),
                Code("    static async IAsyncEnumerable<int> Ticks()\n    {\n        yield return 0;\n        await foreach (var item in Other())\n        {\n            yield return item;\n        }\n    }" + Other));

        [Fact]
        public Task A_yield_return_of_a_stream_where_an_element_is_expected_CS0029()
            => Verify.VerifyCodeFixAsync(
                Code("    static async IAsyncEnumerable<int> Ticks()\n    {\n        yield return 0;\n        yield return {|CS0029:Other()|};\n        yield return 2;\n    }" + Other),
                Code("    static async IAsyncEnumerable<int> Ticks()\n    {\n        yield return 0;\n        await foreach (var item in Other())\n        {\n            yield return item;\n        }\n        yield return 2;\n    }" + Other));

        [Fact]
        public Task A_yield_return_of_a_stream_of_a_class_CS0266()
            => Verify.VerifyCodeFixAsync(
                Code("    class Tick { }\n    static async IAsyncEnumerable<Tick> Ticks(IAsyncEnumerable<Tick> more)\n    {\n        await Task.Yield();\n        yield return {|CS0266:more|};\n    }"),
                Code("    class Tick { }\n    static async IAsyncEnumerable<Tick> Ticks(IAsyncEnumerable<Tick> more)\n    {\n        await Task.Yield();\n        await foreach (var item in more)\n        {\n            yield return item;\n        }\n    }"));

        [Fact]
        public Task The_iterators_enumerator_cancellation_token_goes_to_the_inner_stream()
            => Verify.VerifyCodeFixAsync(
                Code("    static async IAsyncEnumerable<int> Ticks([EnumeratorCancellation] CancellationToken cancellationToken = default)\n    {\n        yield return 0;\n        {|CS1622:return|} Other();\n    }" + Other),
                Code("    static async IAsyncEnumerable<int> Ticks([EnumeratorCancellation] CancellationToken cancellationToken = default)\n    {\n        yield return 0;\n        await foreach (var item in Other().WithCancellation(cancellationToken))\n        {\n            yield return item;\n        }\n    }" + Other));

        [Fact]
        public Task A_stream_that_already_has_the_token_gets_no_second_one()
            => Verify.VerifyCodeFixAsync(
                Code("    static async IAsyncEnumerable<int> Ticks([EnumeratorCancellation] CancellationToken cancellationToken = default)\n    {\n        yield return 0;\n        yield return {|CS0029:Other(cancellationToken)|};\n        {|CS1622:return|} Other().WithCancellation(cancellationToken);\n    }" + Other),
                Code("    static async IAsyncEnumerable<int> Ticks([EnumeratorCancellation] CancellationToken cancellationToken = default)\n    {\n        yield return 0;\n        await foreach (var item in Other(cancellationToken))\n        {\n            yield return item;\n        }\n        await foreach (var item in Other().WithCancellation(cancellationToken))\n        {\n            yield return item;\n        }\n    }" + Other));

        [Fact]
        public Task A_sync_iterator_uses_foreach()
            => Verify.VerifyCodeFixAsync(
                Code("    static IEnumerable<int> Numbers(List<int> rest)\n    {\n        yield return 0;\n        yield return {|CS0029:Digits()|};\n        {|CS1622:return|} rest;\n    }\n    static IEnumerable<int> Digits() { yield return 1; }"),
                Code("    static IEnumerable<int> Numbers(List<int> rest)\n    {\n        yield return 0;\n        foreach (var item in Digits())\n        {\n            yield return item;\n        }\n        foreach (var item in rest)\n        {\n            yield return item;\n        }\n    }\n    static IEnumerable<int> Digits() { yield return 1; }"));

        [Fact]
        public Task A_sync_sequence_inside_an_async_iterator_uses_foreach()
            => Verify.VerifyCodeFixAsync(
                Code("    static async IAsyncEnumerable<int> Ticks(int[] first)\n    {\n        await Task.Yield();\n        yield return {|CS0029:first|};\n    }"),
                Code("    static async IAsyncEnumerable<int> Ticks(int[] first)\n    {\n        await Task.Yield();\n        foreach (var item in first)\n        {\n            yield return item;\n        }\n    }"));

        [Fact]
        public Task The_loop_variable_does_not_clash_with_a_name_in_use()
            => Verify.VerifyCodeFixAsync(
                Code("    static async IAsyncEnumerable<int> Ticks(IAsyncEnumerable<int>[] sources)\n    {\n        foreach (var item in sources)\n        {\n            yield return {|CS0029:item|};\n        }\n    }"),
                Code("    static async IAsyncEnumerable<int> Ticks(IAsyncEnumerable<int>[] sources)\n    {\n        foreach (var item in sources)\n        {\n            await foreach (var item2 in item)\n            {\n                yield return item2;\n            }\n        }\n    }"));

        [Fact]
        public Task A_local_declared_later_in_an_enclosing_block_is_avoided_too()
            => Verify.VerifyCodeFixAsync(
                Code("    static async IAsyncEnumerable<int> Ticks(bool handOver)\n    {\n        if (handOver)\n        {\n            {|CS1622:return|} Other();\n        }\n        var item = 5;\n        yield return item;\n    }" + Other),
                Code("    static async IAsyncEnumerable<int> Ticks(bool handOver)\n    {\n        if (handOver)\n        {\n            await foreach (var item2 in Other())\n            {\n                yield return item2;\n            }\n            yield break;\n        }\n        var item = 5;\n        yield return item;\n    }" + Other));

        [Fact]
        public Task An_embedded_return_becomes_a_block_and_a_local_function_iterator_is_fixed_too()
            => Verify.VerifyCodeFixAsync(
                Code("    static void M()\n    {\n        async IAsyncEnumerable<int> Ticks(bool skip)\n        {\n            if (skip) {|CS1622:return|} Other();\n            yield return 1;\n        }\n    }" + Other),
                Code("    static void M()\n    {\n        async IAsyncEnumerable<int> Ticks(bool skip)\n        {\n            if (skip)\n            {\n                await foreach (var item in Other())\n                {\n                    yield return item;\n                }\n                yield break;\n            }\n            yield return 1;\n        }\n    }" + Other));

        [Fact]
        public Task Fix_all_fixes_every_document()
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("A.cs", Code("    static async IAsyncEnumerable<int> A()\n    {\n        yield return {|CS0029:Other()|};\n        {|CS1622:return|} Other();\n    }" + Other)));
            test.TestState.Sources.Add(("B.cs", Usings + "class D\n{\n    static IEnumerable<string> B(string[] words)\n    {\n        yield return \"\";\n        {|CS1622:return|} words;\n    }\n}\n"));
            test.FixedState.Sources.Add(("A.cs", Code("    static async IAsyncEnumerable<int> A()\n    {\n        await foreach (var item in Other())\n        {\n            yield return item;\n        }\n        await foreach (var item in Other())\n        {\n            yield return item;\n        }\n    }" + Other)));
            test.FixedState.Sources.Add(("B.cs", Usings + "class D\n{\n    static IEnumerable<string> B(string[] words)\n    {\n        yield return \"\";\n        foreach (var item in words)\n        {\n            yield return item;\n        }\n    }\n}\n"));
            test.NumberOfFixAllInDocumentIterations = 2;
            return test.RunAsync();
        }

        // ---- Only the iterator's hand-over shape, and only where the result compiles -----------------------------------

        [Theory]
        [InlineData("    static int M() { int x = {|CS0029:\"text\"|}; return x; }")]
        [InlineData("    static int M(IAsyncEnumerable<int> s) { return {|CS0029:s|}; }")]
        [InlineData("    static IEnumerable<int> M(IEnumerable<int> s) { int x; yield return x = {|CS0029:s|}; }")]
        [InlineData("    class Tick { }\n    static Tick M(IAsyncEnumerable<Tick> s) => {|CS0266:s|};")]
        public Task No_fix_for_a_conversion_error_that_is_not_a_yield_return_of_the_whole_operand(string members)
            => Verify.VerifyCodeFixAsync(Code(members), Code(members));

        [Theory]
        [InlineData("    static IEnumerable<int> M() { yield return 0; {|CS1622:return|} Other(); }" + Other)] // sync iterator, async stream
        [InlineData("    static async IAsyncEnumerable<int> M() { yield return 0; {|CS1622:return|} Words(); }\n    static IEnumerable<string> Words() { yield return \"\"; }")] // items do not convert
        [InlineData("    static async IAsyncEnumerable<int> M() { yield return 0; {|CS1622:return|} 5; }")]
        [InlineData("    static async IAsyncEnumerable<int> M() { yield return 0; {|CS1622:return|} null; }")]
        [InlineData("    static async IAsyncEnumerable<int> M() { try { {|CS1622:return|} Other(); } catch (Exception) { } yield return 0; }" + Other)] // CS1626 after the fix
        [InlineData("    static async IAsyncEnumerable<int> M() { try { } catch (Exception) { {|CS1622:return|} Other(); } yield return 0; }" + Other)] // CS1631 after the fix
        [InlineData("    static readonly object Gate = new object();\n    static async IAsyncEnumerable<int> M() { yield return 0; lock (Gate) { {|CS1622:return|} Other(); } }" + Other)] // await in lock
        public Task No_fix_where_the_hand_over_cannot_be_written(string members)
            => Verify.VerifyCodeFixAsync(Code(members), Code(members));
    }
}
