using System.Threading.Tasks;
using AsyncRules.Tests.Infrastructure;
using Xunit;
using Verify = AsyncRules.Tests.Infrastructure.Verifier<
    AsyncRules.Analyzers.Rules.ASYNC001AsyncVoidMethodAnalyzer,
    AsyncRules.CodeFixes.Rules.ASYNC001AsyncVoidMethodCodeFix>;

namespace AsyncRules.Tests.Rules
{
    [Trait("Rule", "ASYNC001")]
    public class ASYNC001AsyncVoidMethodTests
    {
        private static readonly string Usings = TestCode.UsingsOf("System", "System.Threading.Tasks");

        private static string Code(string members) => TestCode.InClass(members, Usings);

        // ---- Positive cases, with their fixes ---------------------------------------------------------------------

        [Fact]
        public Task Async_void_method_returns_Task()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async void {|#0:Count|}()
                        {
                            await Task.Delay(1);
                        }
                    """),
                Code("""
                        async Task Count()
                        {
                            await Task.Delay(1);
                        }
                    """),
                Verify.Diagnostic().WithLocation(0).WithArguments("Count"));

        [Fact]
        public Task Modifiers_comments_and_direct_calls_are_kept()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        // Saves.
                        public static async /* really */ void [|Save|](int x) => await Task.Delay(x);
                        static void Caller() { Save(1); }
                    """),
                Code("""
                        // Saves.
                        public static async /* really */ Task Save(int x) => await Task.Delay(x);
                        static void Caller() { Save(1); }
                    """));

        [Fact]
        public Task Local_function_returns_Task()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        void M()
                        {
                            Local();
                            async void [|Local|]() => await Task.Yield();
                        }
                    """),
                Code("""
                        void M()
                        {
                            Local();
                            async Task Local() => await Task.Yield();
                        }
                    """));

        [Fact]
        public Task Handler_look_alike_without_EventArgs_is_reported()
            => Verify.VerifyCodeFixAsync(
                Code("    async void [|OnValue|](object sender, int value) => await Task.Yield();"),
                Code("    async Task OnValue(object sender, int value) => await Task.Yield();"));

        [Fact]
        public Task Missing_using_directive_is_added()
            => Verify.VerifyCodeFixAsync(
                """
                    class C
                    {
                        async void [|M|]() => await System.Threading.Tasks.Task.Yield();
                    }

                    """,
                """
                    using System.Threading.Tasks;

                    class C
                    {
                        async Task M() => await System.Threading.Tasks.Task.Yield();
                    }

                    """);

        [Fact]
        public Task Fix_all_fixes_every_document()
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("A.cs", Code("""
                    async void [|A1|]() => await Task.Yield();
                    async void [|A2|]() => await Task.Yield();
                """)));
            test.TestState.Sources.Add(("B.cs", Usings + """
                class D
                {
                    async void [|B1|]() => await Task.Yield();
                }

                """));
            test.FixedState.Sources.Add(("A.cs", Code("""
                    async Task A1() => await Task.Yield();
                    async Task A2() => await Task.Yield();
                """)));
            test.FixedState.Sources.Add(("B.cs", Usings + """
                class D
                {
                    async Task B1() => await Task.Yield();
                }

                """));
            test.NumberOfFixAllInDocumentIterations = 2;
            return test.RunAsync();
        }

        // ---- Reported, but no fix offered (fix safety) ----------------------------------------------------------

        [Theory]
        [InlineData("""
                async void [|Tick|]() => await Task.Yield();
                void Wire() { Action a = Tick; }
            """)]
        [InlineData("""
                async void [|Tick|](object? state) => await Task.Yield();
                void Wire() { var timer = new System.Threading.Timer(Tick, null, 0, 1000); }
            """)]
        [InlineData("    public virtual async void [|Run|]() => await Task.Yield();")]
        public Task No_fix_where_void_is_required(string members)
        {
            var source = Code(members);
            return Verify.VerifyCodeFixAsync(source, source);
        }

        // ---- Precision: look-alikes that stay silent -------------------------------------------------------------

        [Theory]
        [InlineData("async void OnClick(object sender, EventArgs e) => await Task.Yield();")]
        [InlineData("class CustomArgs : EventArgs { } async void OnCustom(object? sender, CustomArgs e) => await Task.Yield();")]
        [InlineData("event Action? Ticked; void Wire() { Ticked += Tick; } async void Tick() => await Task.Yield();")]
        [InlineData("event Action? Ticked; void Wire() { async void Local() => await Task.Yield(); Ticked += Local; }")]
        [InlineData("async Task M() => await Task.Yield();")]
        [InlineData("void M() { }")]
        [InlineData("void M() { Action a = async () => await Task.Yield(); }")]
        public Task Silent_on_handlers_and_non_void_methods(string member)
            => Verify.VerifyAnalyzerAsync(Code("    " + member));

        [Fact]
        public Task Silent_on_a_public_method_subscribed_from_another_type_or_file()
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("Panel.cs", Usings + """
                public class Panel
                {
                    public async void Refresh() => await Task.Yield();
                    public async void [|Reload|]() => await Task.Yield();
                }

                """));
            test.TestState.Sources.Add(("Panel.Designer.cs", Usings + """
                class Wiring
                {
                    event Action? Ticked;
                    void Wire(Panel panel) { Ticked += panel.Refresh; }
                }

                """));
            return test.RunAsync();
        }

        [Theory]
        [InlineData("void Wire(Panel panel) { Ticked += new Action(panel.Refresh); }")]
        [InlineData("void Wire(Panel panel) { Ticked += this.Forward(new Action( panel . Refresh )); } Action Forward(Action a) => a;")]
        [InlineData("""
            void Wire(Panel panel) { Ticked +=
                    panel.@Refresh; }
            """)]
        [InlineData("void Wire(Panel panel) { Handlers.Add(new EventHandler<EventArgs>((s, e) => { }), panel.Refresh); } System.Collections.Generic.Dictionary<EventHandler<EventArgs>, Action> Handlers = new();")]
        public Task A_method_group_subscribed_or_wrapped_in_another_file_silences_it(string wiring)
        {
            // The last row passes the method as a plain argument, neither subscribed nor the one argument of a delegate
            // creation (that one wraps a lambda): the method stays reported there.
            var test = new Verify.Test();
            var reported = wiring.Contains("Handlers", System.StringComparison.Ordinal);
            test.TestState.Sources.Add(("Panel.cs", Usings + "public class Panel\n{\n    public async void " + (reported ? "[|Refresh|]" : "Refresh") + """
                () => await Task.Yield();
                }

                """));
            test.TestState.Sources.Add(("Wiring.cs", Usings + "class Wiring\n{\n    event Action? Ticked;\n    " + wiring + "\n}\n"));
            return test.RunAsync();
        }

        [Theory]
        [InlineData(0)]
        [InlineData(8191)] // '+' ends the first 8,192-character chunk of the text search, '=' starts the next
        [InlineData(8192)]
        [InlineData(3 * 8192 + 100)]
        public Task A_subscription_anywhere_in_a_long_file_is_found(int plusAt)
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("Panel.cs", Usings + """
                public class Panel
                {
                    public async void Refresh() => await Task.Yield();
                }

                """));
            var head = Usings + "class Wiring\n{\n    event Action? Ticked;\n    void Wire(Panel panel) { ";
            var filler = plusAt == 0 ? string.Empty : "/*" + new string('x', plusAt - head.Length - "Ticked ".Length - 4) + "*/";
            var wiring = head + filler + """
                Ticked += panel.Refresh; }
                }

                """;
            Assert.True(plusAt == 0 || wiring.IndexOf("+=", System.StringComparison.Ordinal) == plusAt);
            test.TestState.Sources.Add(("Wiring.cs", wiring));
            return test.RunAsync();
        }

        // ---- A callback that must be void and cannot crash: its whole body is in a catch-all try ------------------------

        private const string Wired = """
                System.Threading.Timer? timer;
                void Wire() { timer = new System.Threading.Timer(OnTick, null, 0, 1000); }

            """;

        [Theory]
        [InlineData("try { await Task.Delay(1); } catch { }")]
        [InlineData("try { if (DateTime.Now.Second == 0) return; await Task.Delay(1); } catch (Exception ex) { Console.Error.WriteLine(ex); }")]
        [InlineData("try { await Task.Delay(1); } catch (Exception ex) when (true) { Console.Error.WriteLine(ex); }")]
        [InlineData("try { await Task.Delay(1); } catch (InvalidOperationException) { } catch { } finally { Console.WriteLine(); }")]
        [InlineData("try { await Task.Delay(1); } catch (Exception) { Action rethrow = () => throw new InvalidOperationException(); }")]
        public Task Silent_on_a_timer_callback_whose_whole_body_is_in_a_catch_all_try(string body)
            => Verify.VerifyAnalyzerAsync(Code(Wired + "    async void OnTick(object? state)\n    {\n        " + body + "\n    }"));

        [Fact]
        public Task Silent_on_a_guarded_local_function_passed_as_an_Action()
            => Verify.VerifyAnalyzerAsync(Code("""
                    void Run(Action work) { }
                    void M()
                    {
                        Run(Work);
                        async void Work() { try { await Task.Delay(1); } catch { } }
                    }
                """));

        [Theory]
        [InlineData("await Task.Delay(1);")]
        [InlineData("Console.WriteLine(); try { await Task.Delay(1); } catch { }")]
        [InlineData("try { await Task.Delay(1); } catch (InvalidOperationException) { }")]
        [InlineData("try { await Task.Delay(1); } catch (Exception ex) when (ex is not OperationCanceledException) { }")]
        [InlineData("try { await Task.Delay(1); } catch (Exception ex) { Console.Error.WriteLine(ex); throw; }")]
        [InlineData("try { await Task.Delay(1); } catch (ArgumentException) { throw; } catch { }")]
        [InlineData("try { await Task.Delay(1); } catch { } finally { throw new InvalidOperationException(); }")]
        public Task A_timer_callback_without_a_catch_all_around_its_whole_body_is_reported_without_a_fix(string body)
        {
            var source = Code(Wired + "    async void [|OnTick|](object? state)\n    {\n        " + body + "\n    }");
            return Verify.VerifyCodeFixAsync(source, source);
        }

        [Fact]
        public Task A_guarded_method_only_called_directly_is_reported_and_returns_Task()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        void Caller() { OnTick(null); }
                        async void [|OnTick|](object? state)
                        {
                            try { await Task.Delay(1); } catch { }
                        }
                    """),
                Code("""
                        void Caller() { OnTick(null); }
                        async Task OnTick(object? state)
                        {
                            try { await Task.Delay(1); } catch { }
                        }
                    """));

        [Fact]
        public Task A_guarded_method_converted_to_a_Task_returning_delegate_elsewhere_is_still_reported()
        {
            // Converted only to a delegate in another type: not seen from here, so it stays reported (and gets no fix, being a method group there).
            var test = new Verify.Test();
            test.TestState.Sources.Add(("Ticker.cs", Usings + """
                #nullable enable
                public class Ticker
                {
                    public async void [|OnTick|](object? state) { try { await Task.Delay(1); } catch { } }
                }

                """));
            test.TestState.Sources.Add(("Wiring.cs", Usings + """
                #nullable enable
                class Wiring
                {
                    System.Threading.Timer Wire(Ticker t) => new System.Threading.Timer(t.OnTick, null, 0, 1000);
                }

                """));
            return test.RunAsync();
        }

        // ---- The text is read once per type, a nested type only when its container says async (speed) ----------------

        [Fact]
        public Task Async_void_in_a_type_nested_twice_is_reported_and_its_quiet_neighbours_are_not()
            => Verify.VerifyAnalyzerAsync(Usings + """

                class Outer
                {
                    class Middle
                    {
                        class Inner
                        {
                            async void [|Deep|]() => await Task.Yield();
                        }

                        class Quiet { void Nothing() { } }
                    }

                    class Plain { class Deeper { void Nothing() { } } }
                }

                """);

        [Fact]
        public Task Async_void_in_a_type_nested_in_one_part_of_a_partial_type_is_reported()
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("A.cs", Usings + """
                partial class Outer
                {
                    void Nothing() { }
                }

                """));
            test.TestState.Sources.Add(("B.cs", Usings + """
                partial class Outer
                {
                    class Inner
                    {
                        async void [|M|]() => await Task.Yield();
                    }
                }

                """));
            return test.RunAsync();
        }

        /// <summary>The text is read in chunks; an <c>async</c> that straddles a chunk's end is still seen.</summary>
        [Theory]
        [InlineData(-6)]
        [InlineData(-4)]
        [InlineData(-3)]
        [InlineData(-2)]
        [InlineData(-1)]
        [InlineData(0)]
        [InlineData(1)]
        public Task Async_across_the_end_of_a_chunk_of_text_is_seen(int offset)
        {
            // "async" starts at ChunkSize + offset characters from the start of the class declaration.
            const string Head = "class C\n{\n    // ";
            const string BeforeAsync = "\n    ";
            var padding = new string('x', global::AsyncRules.Analyzers.Helpers.SubscribedElsewhere.ChunkSize + offset - Head.Length - BeforeAsync.Length);
            return Verify.VerifyAnalyzerAsync(Usings + Head + padding + BeforeAsync + "async void [|M|]() => await Task.Yield();\n}\n");
        }

        [Fact]
        public Task Silent_on_override_and_interface_implementation()
            => Verify.VerifyAnalyzerAsync(Usings + """

                abstract class B { public abstract void Run(); }
                class D : B { public override async void Run() => await Task.Yield(); }
                interface IJob { void Execute(); }
                class Job : IJob { public async void Execute() => await Task.Yield(); }
                class Explicit : IJob { async void IJob.Execute() => await Task.Yield(); }

                """);
    }
}
