using AsyncRules.Analyzers.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace AsyncRules.Tests.Helpers
{
    /// <summary>
    /// <see cref="SubscribedElsewhere"/> reads the compilation's text, not its syntax, for the names of methods subscribed to
    /// events: <c>+= M;</c> and <c>new SomeHandler(M)</c>. It does not skip comments or strings: a name found there only makes
    /// ASYNC001 quieter.
    /// </summary>
    public class SubscribedElsewhereTests
    {
        [Fact]
        public void A_method_group_after_plus_equals_is_found_by_its_last_name()
        {
            var names = Scan("""
                class C
                {
                    void M(Button b, Form f)
                    {
                        b.Click += OnClick;
                        f.Load += this.handlers.OnLoad;
                        f.Shown +=
                            @OnShown;
                    }
                }
                """);

            Assert.True(names.Contains("OnClick"));
            Assert.True(names.Contains("OnLoad"));
            Assert.True(names.Contains("OnShown"));
            Assert.False(names.Contains("handlers"));
        }

        [Fact]
        public void A_call_or_a_number_after_plus_equals_is_no_subscription()
        {
            var names = Scan("""
                class C
                {
                    void M(Button b)
                    {
                        b.Click += CreateHandler();
                        count += 1;
                        total += Compute(2) + 3;
                    }
                }
                """);

            Assert.False(names.Contains("CreateHandler"));
            Assert.False(names.Contains("Compute"));
            Assert.False(names.Contains("1"));
        }

        [Fact]
        public void A_handler_made_with_new_is_found_also_when_generic()
        {
            var names = Scan("""
                class C
                {
                    void M()
                    {
                        var a = new EventHandler(OnTick);
                        var b = new EventHandler<TickEventArgs>(timer.OnElapsed);
                        var c = new Point(X, Y);
                        var d = renew (OnRenewed);
                    }
                }
                """);

            Assert.True(names.Contains("OnTick"));
            Assert.True(names.Contains("OnElapsed"));
            Assert.False(names.Contains("X"));
            Assert.False(names.Contains("Y"));
            Assert.False(names.Contains("OnRenewed"));
        }

        [Fact]
        public void Subscriptions_in_comments_and_strings_count_too()
        {
            var names = Scan("""
                class C
                {
                    // button.Click += OnCommented;
                    /* form.Load += OnBlockCommented; */
                    const string Text = "x.Changed += OnQuoted;";
                    const string Verbatim = @"new EventHandler(OnVerbatim)";
                }
                """);

            Assert.True(names.Contains("OnCommented"));
            Assert.True(names.Contains("OnBlockCommented"));
            Assert.True(names.Contains("OnQuoted"));
            Assert.True(names.Contains("OnVerbatim"));
        }

        [Fact]
        public void A_subscription_across_the_boundary_of_two_chunks_read_is_found()
        {
            // The text is read 8192 characters at a time; place the '+=' at every offset around the boundary.
            for (var offset = 8185; offset <= 8195; offset++)
            {
                var padding = new string(' ', offset - "class C { void M() {".Length);
                var names = Scan("class C { void M() {" + padding + "+= OnAcross; } }");

                Assert.True(names.Contains("OnAcross"), $"'+=' at {offset}");
            }
        }

        [Fact]
        public void Every_file_of_the_compilation_is_read()
        {
            var compilation = CSharpCompilation.Create(
                "Scan",
                new[] { CSharpSyntaxTree.ParseText("class A { }"), CSharpSyntaxTree.ParseText("class B { void M() { x.E += InSecondFile; } }") });

            var names = new SubscribedElsewhere(compilation);

            Assert.True(names.Contains("InSecondFile"));
            Assert.False(names.Contains("A"));
        }

        private static SubscribedElsewhere Scan(string source)
            => new(CSharpCompilation.Create("Scan", new[] { CSharpSyntaxTree.ParseText(source) }));
    }
}
