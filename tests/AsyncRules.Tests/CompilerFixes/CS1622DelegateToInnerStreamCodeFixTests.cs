using System.Threading.Tasks;
using AsyncRules.Tests.Infrastructure;
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
        private static readonly string Usings = TestCode.UsingsOf("System", "System.Collections.Generic", "System.Runtime.CompilerServices", "System.Threading", "System.Threading.Tasks");

        private const string Other = "\n    static async IAsyncEnumerable<int> Other([EnumeratorCancellation] CancellationToken token = default) { await Task.Yield(); yield return 1; }";

        private static string Code(string members) => TestCode.InClass(members, Usings);

        [Fact]
        public Task A_returned_async_stream_is_yielded_item_by_item_then_the_method_ends()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        static async IAsyncEnumerable<int> Ticks(bool handOver)
                        {
                            if (handOver)
                            {
                                // the rest comes from Other
                                {|CS1622:return|} Other();
                            }
                            yield return 0;
                        }
                    """ + Other),
                Code("""
                        static async IAsyncEnumerable<int> Ticks(bool handOver)
                        {
                            if (handOver)
                            {
                                // the rest comes from Other
                                await foreach (var item in Other())
                                {
                                    yield return item;
                                }
                                yield break;
                            }
                            yield return 0;
                        }
                    """ + Other));

        [Fact]
        public Task A_return_that_is_the_last_statement_needs_no_yield_break()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        static async IAsyncEnumerable<int> Ticks()
                        {
                            yield return 0;
                            {|CS1622:return|} Other();
                        }
                    """ + Other),
                Code("""
                        static async IAsyncEnumerable<int> Ticks()
                        {
                            yield return 0;
                            await foreach (var item in Other())
                            {
                                yield return item;
                            }
                        }
                    """ + Other));

        [Fact]
        public Task A_yield_return_of_a_stream_where_an_element_is_expected_CS0029()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        static async IAsyncEnumerable<int> Ticks()
                        {
                            yield return 0;
                            yield return {|CS0029:Other()|};
                            yield return 2;
                        }
                    """ + Other),
                Code("""
                        static async IAsyncEnumerable<int> Ticks()
                        {
                            yield return 0;
                            await foreach (var item in Other())
                            {
                                yield return item;
                            }
                            yield return 2;
                        }
                    """ + Other));

        [Fact]
        public Task A_yield_return_of_a_stream_of_a_class_CS0266()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        class Tick { }
                        static async IAsyncEnumerable<Tick> Ticks(IAsyncEnumerable<Tick> more)
                        {
                            await Task.Yield();
                            yield return {|CS0266:more|};
                        }
                    """),
                Code("""
                        class Tick { }
                        static async IAsyncEnumerable<Tick> Ticks(IAsyncEnumerable<Tick> more)
                        {
                            await Task.Yield();
                            await foreach (var item in more)
                            {
                                yield return item;
                            }
                        }
                    """));

        [Fact]
        public Task The_iterators_enumerator_cancellation_token_goes_to_the_inner_stream()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        static async IAsyncEnumerable<int> Ticks([EnumeratorCancellation] CancellationToken cancellationToken = default)
                        {
                            yield return 0;
                            {|CS1622:return|} Other();
                        }
                    """ + Other),
                Code("""
                        static async IAsyncEnumerable<int> Ticks([EnumeratorCancellation] CancellationToken cancellationToken = default)
                        {
                            yield return 0;
                            await foreach (var item in Other().WithCancellation(cancellationToken))
                            {
                                yield return item;
                            }
                        }
                    """ + Other));

        [Fact]
        public Task A_stream_that_already_has_the_token_gets_no_second_one()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        static async IAsyncEnumerable<int> Ticks([EnumeratorCancellation] CancellationToken cancellationToken = default)
                        {
                            yield return 0;
                            yield return {|CS0029:Other(cancellationToken)|};
                            {|CS1622:return|} Other().WithCancellation(cancellationToken);
                        }
                    """ + Other),
                Code("""
                        static async IAsyncEnumerable<int> Ticks([EnumeratorCancellation] CancellationToken cancellationToken = default)
                        {
                            yield return 0;
                            await foreach (var item in Other(cancellationToken))
                            {
                                yield return item;
                            }
                            await foreach (var item in Other().WithCancellation(cancellationToken))
                            {
                                yield return item;
                            }
                        }
                    """ + Other));

        [Fact]
        public Task A_sync_iterator_uses_foreach()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        static IEnumerable<int> Numbers(List<int> rest)
                        {
                            yield return 0;
                            yield return {|CS0029:Digits()|};
                            {|CS1622:return|} rest;
                        }
                        static IEnumerable<int> Digits() { yield return 1; }
                    """),
                Code("""
                        static IEnumerable<int> Numbers(List<int> rest)
                        {
                            yield return 0;
                            foreach (var item in Digits())
                            {
                                yield return item;
                            }
                            foreach (var item in rest)
                            {
                                yield return item;
                            }
                        }
                        static IEnumerable<int> Digits() { yield return 1; }
                    """));

        [Fact]
        public Task A_sync_sequence_inside_an_async_iterator_uses_foreach()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        static async IAsyncEnumerable<int> Ticks(int[] first)
                        {
                            await Task.Yield();
                            yield return {|CS0029:first|};
                        }
                    """),
                Code("""
                        static async IAsyncEnumerable<int> Ticks(int[] first)
                        {
                            await Task.Yield();
                            foreach (var item in first)
                            {
                                yield return item;
                            }
                        }
                    """));

        [Fact]
        public Task The_loop_variable_does_not_clash_with_a_name_in_use()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        static async IAsyncEnumerable<int> Ticks(IAsyncEnumerable<int>[] sources)
                        {
                            foreach (var item in sources)
                            {
                                yield return {|CS0029:item|};
                            }
                        }
                    """),
                Code("""
                        static async IAsyncEnumerable<int> Ticks(IAsyncEnumerable<int>[] sources)
                        {
                            foreach (var item in sources)
                            {
                                await foreach (var item2 in item)
                                {
                                    yield return item2;
                                }
                            }
                        }
                    """));

        [Fact]
        public Task A_local_declared_later_in_an_enclosing_block_is_avoided_too()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        static async IAsyncEnumerable<int> Ticks(bool handOver)
                        {
                            if (handOver)
                            {
                                {|CS1622:return|} Other();
                            }
                            var item = 5;
                            yield return item;
                        }
                    """ + Other),
                Code("""
                        static async IAsyncEnumerable<int> Ticks(bool handOver)
                        {
                            if (handOver)
                            {
                                await foreach (var item2 in Other())
                                {
                                    yield return item2;
                                }
                                yield break;
                            }
                            var item = 5;
                            yield return item;
                        }
                    """ + Other));

        [Fact]
        public Task An_embedded_return_becomes_a_block_and_a_local_function_iterator_is_fixed_too()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        static void M()
                        {
                            async IAsyncEnumerable<int> Ticks(bool skip)
                            {
                                if (skip) {|CS1622:return|} Other();
                                yield return 1;
                            }
                        }
                    """ + Other),
                Code("""
                        static void M()
                        {
                            async IAsyncEnumerable<int> Ticks(bool skip)
                            {
                                if (skip)
                                {
                                    await foreach (var item in Other())
                                    {
                                        yield return item;
                                    }
                                    yield break;
                                }
                                yield return 1;
                            }
                        }
                    """ + Other));

        [Fact]
        public Task Fix_all_fixes_every_document()
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("A.cs", Code("""
                    static async IAsyncEnumerable<int> A()
                    {
                        yield return {|CS0029:Other()|};
                        {|CS1622:return|} Other();
                    }
                """ + Other)));
            test.TestState.Sources.Add(("B.cs", Usings + """
                class D
                {
                    static IEnumerable<string> B(string[] words)
                    {
                        yield return "";
                        {|CS1622:return|} words;
                    }
                }

                """));
            test.FixedState.Sources.Add(("A.cs", Code("""
                    static async IAsyncEnumerable<int> A()
                    {
                        await foreach (var item in Other())
                        {
                            yield return item;
                        }
                        await foreach (var item in Other())
                        {
                            yield return item;
                        }
                    }
                """ + Other)));
            test.FixedState.Sources.Add(("B.cs", Usings + """
                class D
                {
                    static IEnumerable<string> B(string[] words)
                    {
                        yield return "";
                        foreach (var item in words)
                        {
                            yield return item;
                        }
                    }
                }

                """));
            test.NumberOfFixAllInDocumentIterations = 2;
            return test.RunAsync();
        }

        // ---- Only the iterator's hand-over shape, and only where the result compiles -----------------------------------

        [Theory]
        [InlineData("    static int M() { int x = {|CS0029:\"text\"|}; return x; }")]
        [InlineData("    static int M(IAsyncEnumerable<int> s) { return {|CS0029:s|}; }")]
        [InlineData("    static IEnumerable<int> M(IEnumerable<int> s) { int x; yield return x = {|CS0029:s|}; }")]
        [InlineData("""
                class Tick { }
                static Tick M(IAsyncEnumerable<Tick> s) => {|CS0266:s|};
            """)]
        public Task No_fix_for_a_conversion_error_that_is_not_a_yield_return_of_the_whole_operand(string members)
            => Verify.VerifyCodeFixAsync(Code(members), Code(members));

        [Theory]
        [InlineData("    static IEnumerable<int> M() { yield return 0; {|CS1622:return|} Other(); }" + Other)] // sync iterator, async stream
        [InlineData("""
                static async IAsyncEnumerable<int> M() { yield return 0; {|CS1622:return|} Words(); }
                static IEnumerable<string> Words() { yield return ""; }
            """)] // items do not convert
        [InlineData("    static async IAsyncEnumerable<int> M() { yield return 0; {|CS1622:return|} 5; }")]
        [InlineData("    static async IAsyncEnumerable<int> M() { yield return 0; {|CS1622:return|} null; }")]
        [InlineData("    static async IAsyncEnumerable<int> M() { try { {|CS1622:return|} Other(); } catch (Exception) { } yield return 0; }" + Other)] // CS1626 after the fix
        [InlineData("    static async IAsyncEnumerable<int> M() { try { } catch (Exception) { {|CS1622:return|} Other(); } yield return 0; }" + Other)] // CS1631 after the fix
        [InlineData("""
                static readonly object Gate = new object();
                static async IAsyncEnumerable<int> M() { yield return 0; lock (Gate) { {|CS1622:return|} Other(); } }
            """ + Other)] // await in lock
        public Task No_fix_where_the_hand_over_cannot_be_written(string members)
            => Verify.VerifyCodeFixAsync(Code(members), Code(members));
    }
}
