using System.Threading.Tasks;
using AsyncRules.Tests.Infrastructure;
using Xunit;
using Verify = AsyncRules.Tests.Infrastructure.Verifier<
    Microsoft.CodeAnalysis.Testing.EmptyDiagnosticAnalyzer,
    AsyncRules.CodeFixes.Rules.CS4008AwaitVoidCodeFix>;

namespace AsyncRules.Tests.CompilerFixes
{
    /// <summary>CS4008, await of a void call: the async counterpart when there is one, else no await.</summary>
    [Trait("Rule", "CS4008")]
    public class CS4008AwaitVoidCodeFixTests
    {
        private static readonly string Usings = TestCode.UsingsOf("System", "System.Threading", "System.Threading.Tasks");

        private static string Code(string members) => TestCode.InClass(members, Usings);

        [Fact]
        public Task Await_Thread_Sleep_becomes_await_Task_Delay_with_the_token()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task M(CancellationToken ct)
                        {
                            {|CS4008:await Thread.Sleep(1000)|};
                        }
                    """),
                Code("""
                        async Task M(CancellationToken ct)
                        {
                            await Task.Delay(1000, ct);
                        }
                    """));

        [Fact]
        public Task Await_Thread_Sleep_zero_becomes_Task_Yield()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task M()
                        {
                            {|CS4008:await Thread.Sleep(0)|};
                        }
                    """),
                Code("""
                        async Task M()
                        {
                            await Task.Yield();
                        }
                    """));

        [Fact]
        public Task Await_of_a_sync_method_calls_its_async_counterpart()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        void Save(string path) { }
                        Task SaveAsync(string path) => Task.CompletedTask;
                        async Task M()
                        {
                            {|CS4008:await Save("a")|};
                        }
                    """),
                Code("""
                        void Save(string path) { }
                        Task SaveAsync(string path) => Task.CompletedTask;
                        async Task M()
                        {
                            await SaveAsync("a");
                        }
                    """));

        [Fact]
        public Task The_counterparts_token_parameter_gets_the_token_in_scope()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        class Store { public void Flush() { } public Task FlushAsync(CancellationToken cancellationToken = default) => Task.CompletedTask; }
                        async Task M(Store store, CancellationToken ct)
                        {
                            {|CS4008:await store.Flush()|};
                        }
                    """),
                Code("""
                        class Store { public void Flush() { } public Task FlushAsync(CancellationToken cancellationToken = default) => Task.CompletedTask; }
                        async Task M(Store store, CancellationToken ct)
                        {
                            await store.FlushAsync(cancellationToken: ct);
                        }
                    """));

        [Fact]
        public Task A_counterpart_that_is_a_default_interface_member_gets_no_token()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        interface IStore { void Flush(); Task FlushAsync(CancellationToken cancellationToken = default) => cancellationToken.CanBeCanceled ? throw new NotSupportedException() : Task.CompletedTask; }
                        async Task M(IStore store, CancellationToken ct)
                        {
                            {|CS4008:await store.Flush()|};
                        }
                    """),
                Code("""
                        interface IStore { void Flush(); Task FlushAsync(CancellationToken cancellationToken = default) => cancellationToken.CanBeCanceled ? throw new NotSupportedException() : Task.CompletedTask; }
                        async Task M(IStore store, CancellationToken ct)
                        {
                            await store.FlushAsync();
                        }
                    """));

        [Fact]
        public Task A_required_token_of_a_default_interface_member_means_the_await_is_removed()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        interface IStore { void Flush(); Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask; }
                        async Task M(IStore store, CancellationToken ct)
                        {
                            {|CS4008:await store.Flush()|};
                        }
                    """),
                Code("""
                        interface IStore { void Flush(); Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask; }
                        async Task M(IStore store, CancellationToken ct)
                        {
                            store.Flush();
                        }
                    """));

        [Fact]
        public Task Framework_counterpart_is_found_on_the_receiver_type()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task M(System.IO.Stream stream)
                        {
                            {|CS4008:await stream.Flush()|};
                        }
                    """),
                Code("""
                        async Task M(System.IO.Stream stream)
                        {
                            await stream.FlushAsync();
                        }
                    """));

        [Fact]
        public Task Without_a_counterpart_the_await_is_removed()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        void Log(string message) { }
                        async Task M()
                        {
                            {|CS4008:await Log("x")|};
                            await Task.Yield();
                        }
                    """),
                Code("""
                        void Log(string message) { }
                        async Task M()
                        {
                            Log("x");
                            await Task.Yield();
                        }
                    """));

        [Theory]
        [InlineData("""
                void Read() { }
                async Task ReadAsync()
                {
                    {|CS4008:await Read()|};
                }
            """, """
                void Read() { }
                async Task ReadAsync()
                {
                    Read();
                }
            """)]
        [InlineData("""
                void Save() { }
                [Obsolete] Task SaveAsync() => Task.CompletedTask;
                async Task M()
                {
                    {|CS4008:await Save()|};
                }
            """, """
                void Save() { }
                [Obsolete] Task SaveAsync() => Task.CompletedTask;
                async Task M()
                {
                    Save();
                }
            """)]
        [InlineData("""
                void Save(int x) { }
                Task SaveAsync(long x) => Task.CompletedTask;
                async Task M()
                {
                    {|CS4008:await Save(1)|};
                }
            """, """
                void Save(int x) { }
                Task SaveAsync(long x) => Task.CompletedTask;
                async Task M()
                {
                    Save(1);
                }
            """)]
        [InlineData("""
                void Save() { }
                Task<int> SaveAsync() => Task.FromResult(1);
                async Task M()
                {
                    {|CS4008:await Save()|};
                }
            """, """
                void Save() { }
                Task<int> SaveAsync() => Task.FromResult(1);
                async Task M()
                {
                    Save();
                }
            """)]
        [InlineData("""
                class Other { public void Save() { } private Task SaveAsync() => Task.CompletedTask; }
                async Task M(Other o)
                {
                    {|CS4008:await o.Save()|};
                }
            """, """
                class Other { public void Save() { } private Task SaveAsync() => Task.CompletedTask; }
                async Task M(Other o)
                {
                    o.Save();
                }
            """)]
        public Task Never_a_counterpart_that_is_itself_obsolete_mismatched_or_inaccessible(string source, string fixedSource)
            => Verify.VerifyCodeFixAsync(Code(source), Code(fixedSource));

        [Fact]
        public Task Await_Thread_Sleep_TimeSpan_Zero_becomes_Task_Yield_as_in_ASYNC030()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task M()
                        {
                            {|CS4008:await Thread.Sleep(TimeSpan.Zero)|};
                        }
                    """),
                Code("""
                        async Task M()
                        {
                            await Task.Yield();
                        }
                    """));

        [Fact]
        public Task The_token_overload_is_preferred_when_a_token_is_in_scope()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        class Store { public void Flush() { } public Task FlushAsync() => Task.CompletedTask; public Task FlushAsync(CancellationToken token) => Task.CompletedTask; }
                        async Task M(Store store, CancellationToken ct)
                        {
                            {|CS4008:await store.Flush()|};
                        }
                    """),
                Code("""
                        class Store { public void Flush() { } public Task FlushAsync() => Task.CompletedTask; public Task FlushAsync(CancellationToken token) => Task.CompletedTask; }
                        async Task M(Store store, CancellationToken ct)
                        {
                            await store.FlushAsync(token: ct);
                        }
                    """));

        [Fact]
        public Task Without_a_token_the_plain_overload_is_used()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        class Store { public void Flush() { } public Task FlushAsync(CancellationToken token) => Task.CompletedTask; public Task FlushAsync() => Task.CompletedTask; }
                        async Task M(Store store)
                        {
                            {|CS4008:await store.Flush()|};
                        }
                    """),
                Code("""
                        class Store { public void Flush() { } public Task FlushAsync(CancellationToken token) => Task.CompletedTask; public Task FlushAsync() => Task.CompletedTask; }
                        async Task M(Store store)
                        {
                            await store.FlushAsync();
                        }
                    """));

        [Theory]
        [InlineData("""
                void Read() { }
                Task ReadAsync()
                {
                    Func<Task> f = async () => {|CS4008:await Read()|};
                    return f();
                }
            """, """
                void Read() { }
                Task ReadAsync()
                {
                    Func<Task> f = async () => Read();
                    return f();
                }
            """)]
        [InlineData("""
                class MyStream : System.IO.MemoryStream
                {
                    public override async Task FlushAsync(CancellationToken cancellationToken)
                    {
                        {|CS4008:await Flush()|};
                    }
                }
            """, """
                class MyStream : System.IO.MemoryStream
                {
                    public override async Task FlushAsync(CancellationToken cancellationToken)
                    {
                        Flush();
                    }
                }
            """)]
        public Task Never_suggests_a_function_the_call_sits_in_nor_one_it_overrides(string source, string fixedSource)
            => Verify.VerifyCodeFixAsync(Code(source), Code(fixedSource));

        [Fact]
        public Task Fix_all_fixes_every_document()
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("A.cs", Code("""
                    async Task A1()
                    {
                        {|CS4008:await Thread.Sleep(1)|};
                        {|CS4008:await Thread.Sleep(2)|};
                    }
                """)));
            test.TestState.Sources.Add(("B.cs", Usings + """
                class D
                {
                    async Task B1()
                    {
                        {|CS4008:await Thread.Sleep(3)|};
                    }
                }

                """));
            test.FixedState.Sources.Add(("A.cs", Code("""
                    async Task A1()
                    {
                        await Task.Delay(1);
                        await Task.Delay(2);
                    }
                """)));
            test.FixedState.Sources.Add(("B.cs", Usings + """
                class D
                {
                    async Task B1()
                    {
                        await Task.Delay(3);
                    }
                }

                """));
            test.NumberOfFixAllInDocumentIterations = 2;
            return test.RunAsync();
        }
    }
}
