using System.Threading.Tasks;
using AsyncRules.Tests.Infrastructure;
using Xunit;
using Verify = AsyncRules.Tests.Infrastructure.Verifier<
    AsyncRules.Analyzers.Rules.ASYNC031SyncCallWithAsyncCounterpartAnalyzer,
    AsyncRules.CodeFixes.Rules.ASYNC031SyncCallWithAsyncCounterpartCodeFix>;

namespace AsyncRules.Tests.Rules
{
    [Trait("Rule", "ASYNC031")]
    public class ASYNC031SyncCallWithAsyncCounterpartTests
    {
        private static readonly string Usings = TestCode.UsingsOf("System", "System.Collections.Concurrent", "System.IO", "System.Linq.Expressions", "System.Threading", "System.Threading.Tasks");

        private static string Code(string members) => TestCode.InClass(members, Usings);

        [Fact]
        public Task File_ReadAllText_becomes_await_ReadAllTextAsync_with_the_token()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task<int> M(string path, CancellationToken ct)
                        {
                            var text = {|#0:File.ReadAllText(path)|};
                            await Task.Yield();
                            return text.Length;
                        }
                    """),
                Code("""
                        async Task<int> M(string path, CancellationToken ct)
                        {
                            var text = await File.ReadAllTextAsync(path, cancellationToken: ct);
                            await Task.Yield();
                            return text.Length;
                        }
                    """),
                Verify.Diagnostic().WithLocation(0).WithArguments("ReadAllText", "ReadAllTextAsync"));

        [Fact]
        public Task A_token_overload_that_is_a_default_interface_member_is_not_written()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        interface IChannel
                        {
                            void Send(int m);
                            Task SendAsync(int m);
                            Task SendAsync(int m, CancellationToken ct) => ct.CanBeCanceled ? throw new NotSupportedException() : SendAsync(m);
                        }
                        async Task M(IChannel channel, CancellationToken ct)
                        {
                            [|channel.Send(1)|];
                            await Task.Yield();
                        }
                    """),
                Code("""
                        interface IChannel
                        {
                            void Send(int m);
                            Task SendAsync(int m);
                            Task SendAsync(int m, CancellationToken ct) => ct.CanBeCanceled ? throw new NotSupportedException() : SendAsync(m);
                        }
                        async Task M(IChannel channel, CancellationToken ct)
                        {
                            await channel.SendAsync(1);
                            await Task.Yield();
                        }
                    """));

        [Fact]
        public Task Only_a_token_overload_that_is_a_default_interface_member_means_no_fix()
        {
            var source = Code("""
                    interface IChannel
                    {
                        void Send(int m);
                        Task SendAsync(int m, CancellationToken ct) => Task.CompletedTask;
                    }
                    async Task M(IChannel channel, CancellationToken ct)
                    {
                        [|channel.Send(1)|];
                        await Task.Yield();
                    }
                """);
            return Verify.VerifyCodeFixAsync(source, source);
        }

        [Fact]
        public Task Stream_Read_and_TextReader_ReadLine_become_their_async_forms()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task<int> M(Stream stream, TextReader reader, byte[] buffer)
                        {
                            var n = [|stream.Read(buffer, 0, buffer.Length)|];
                            var line = [|reader.ReadLine()|];
                            await Task.Yield();
                            return n + (line?.Length ?? 0);
                        }
                    """),
                Code("""
                        async Task<int> M(Stream stream, TextReader reader, byte[] buffer)
                        {
                            var n = await stream.ReadAsync(buffer, 0, buffer.Length);
                            var line = await reader.ReadLineAsync();
                            await Task.Yield();
                            return n + (line?.Length ?? 0);
                        }
                    """));

        [Fact]
        public Task SemaphoreSlim_Wait_becomes_await_WaitAsync()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task M(SemaphoreSlim gate)
                        {
                            [|gate.Wait()|];
                            try { await Task.Yield(); } finally { gate.Release(); }
                        }
                    """),
                Code("""
                        async Task M(SemaphoreSlim gate)
                        {
                            await gate.WaitAsync();
                            try { await Task.Yield(); } finally { gate.Release(); }
                        }
                    """));

        [Fact]
        public Task A_user_type_counterpart_is_used_and_its_value_kept()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        class Repo { public int Count() => 1; public Task<int> CountAsync() => Task.FromResult(1); }
                        async Task<int> M(Repo repo)
                        {
                            await Task.Yield();
                            return [|repo.Count()|] + 1;
                        }
                    """),
                Code("""
                        class Repo { public int Count() => 1; public Task<int> CountAsync() => Task.FromResult(1); }
                        async Task<int> M(Repo repo)
                        {
                            await Task.Yield();
                            return await repo.CountAsync() + 1;
                        }
                    """));

        [Fact]
        public Task An_extension_counterpart_counts_only_where_its_namespace_is_imported()
        {
            // The lookup is cached per import scope: the two files differ only in one using, and only the first sees SumAsync.
            const string Library = """
                namespace Library
                {
                    public static class Summing { public static int Sum(this int[] xs) => 0; }
                }
                namespace Library.Async
                {
                    public static class Summing { public static System.Threading.Tasks.Task<int> SumAsync(this int[] xs) => System.Threading.Tasks.Task.FromResult(0); }
                }

                """;
            var test = new Verify.Test();
            test.TestState.Sources.Add(("Library.cs", Library));
            test.TestState.Sources.Add(("A.cs", """
                using System.Threading.Tasks;
                using Library;
                using Library.Async;
                namespace App
                {
                    class A
                    {
                        async Task<int> M(int[] xs) { await Task.Yield(); return [|xs.Sum()|]; }
                    }
                }

                """));
            test.TestState.Sources.Add(("B.cs", """
                using System.Threading.Tasks;
                using Library;
                namespace App
                {
                    class B
                    {
                        async Task<int> M(int[] xs) { await Task.Yield(); return xs.Sum(); }
                    }
                }

                """));
            return test.RunAsync();
        }

        [Fact]
        public Task A_queryable_ToList_becomes_the_ToListAsync_of_another_static_class_with_the_token()
        {
            // The shape of EF Core: ToList comes from Enumerable (over IEnumerable<T>), ToListAsync from an extension class over IQueryable<T>.
            const string Queries = """
                using System.Collections.Generic;
                using System.Linq;
                using System.Threading;
                using System.Threading.Tasks;
                namespace Data
                {
                    public static class QueryableAsync
                    {
                        public static Task<List<T>> ToListAsync<T>(this IQueryable<T> source, CancellationToken cancellationToken = default) => Task.FromResult(source.ToList());
                    }
                }

                """;
            var test = new Verify.Test();
            test.TestState.Sources.Add(("Queries.cs", Queries));
            test.TestState.Sources.Add(("Use.cs", """
                using System.Collections.Generic;
                using System.Linq;
                using System.Threading;
                using System.Threading.Tasks;
                using Data;
                class Use
                {
                    async Task<List<int>> M(IQueryable<int> q, CancellationToken ct)
                    {
                        await Task.Yield();
                        return [|q.ToList()|];
                    }
                }

                """));
            test.FixedState.Sources.Add(("Queries.cs", Queries));
            test.FixedState.Sources.Add(("Use.cs", """
                using System.Collections.Generic;
                using System.Linq;
                using System.Threading;
                using System.Threading.Tasks;
                using Data;
                class Use
                {
                    async Task<List<int>> M(IQueryable<int> q, CancellationToken ct)
                    {
                        await Task.Yield();
                        return await q.ToListAsync(cancellationToken: ct);
                    }
                }

                """));
            return test.RunAsync();
        }

        [Fact]
        public Task A_private_counterpart_counts_only_inside_its_type()
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("B.cs", Usings + """
                class B
                {
                    async Task M(Repo repo) { await Task.Yield(); repo.Save(); }
                }

                """));
            test.TestState.Sources.Add(("Repo.cs", Usings + """
                class Repo
                {
                    public void Save() { }
                    private Task SaveAsync() => Task.CompletedTask;
                    async Task Flush() { await Task.Yield(); [|Save()|]; }
                }

                """));
            return test.RunAsync();
        }

        [Fact]
        public Task A_StreamWriter_write_is_real_io_and_is_reported()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task M(StreamWriter writer)
                        {
                            [|writer.WriteLine("x")|];
                            await Task.Yield();
                        }
                    """),
                Code("""
                        async Task M(StreamWriter writer)
                        {
                            await writer.WriteLineAsync("x");
                            await Task.Yield();
                        }
                    """));

        [Fact]
        public Task BlockingCollection_Take_is_reported_with_advice_and_no_fix()
        {
            var source = Code("""
                    async Task<int> M(BlockingCollection<int> queue)
                    {
                        await Task.Yield();
                        return {|#0:queue.Take()|};
                    }
                """);
            return Verify.VerifyCodeFixAsync(source, source, Verify.Diagnostic().WithLocation(0).WithArguments("BlockingCollection.Take", "ChannelReader.ReadAsync (use a Channel)"));
        }

        [Fact]
        public Task Inside_a_lock_there_is_no_fix()
        {
            var source = Code("""
                    readonly object gate = new object();
                    async Task M(string path)
                    {
                        await Task.Yield();
                        lock (gate) { [|File.ReadAllText(path)|]; }
                    }
                """);
            return Verify.VerifyCodeFixAsync(source, source);
        }

        [Fact]
        public Task Fix_all_fixes_every_document()
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("A.cs", Code("""
                    async Task A1(string a, string b)
                    {
                        [|File.WriteAllText(a, b)|];
                        File.Delete(a);
                        await Task.Yield();
                    }
                """)));
            test.TestState.Sources.Add(("B.cs", Usings + """
                class D
                {
                    async Task B1(string a)
                    {
                        [|File.ReadAllBytes(a)|];
                        await Task.Yield();
                    }
                }

                """));
            test.FixedState.Sources.Add(("A.cs", Code("""
                    async Task A1(string a, string b)
                    {
                        await File.WriteAllTextAsync(a, b);
                        File.Delete(a);
                        await Task.Yield();
                    }
                """)));
            test.FixedState.Sources.Add(("B.cs", Usings + """
                class D
                {
                    async Task B1(string a)
                    {
                        await File.ReadAllBytesAsync(a);
                        await Task.Yield();
                    }
                }

                """));
            return test.RunAsync();
        }

        // ---- Precision: look-alikes that stay silent (docs/rules/ASYNC031.md) ---------------------------------------

        [Theory]
        [InlineData("class S : Stream { public override int Read(byte[] b, int o, int c) => 0; public override async Task<int> ReadAsync(byte[] b, int o, int c, CancellationToken t) { await Task.Yield(); return Read(b, o, c); } public override bool CanRead => true; public override bool CanSeek => false; public override bool CanWrite => false; public override long Length => 0; public override long Position { get; set; } public override void Flush() { } public override long Seek(long o, SeekOrigin s) => 0; public override void SetLength(long v) { } public override void Write(byte[] b, int o, int c) { } }")]
        [InlineData("void Save() { } [Obsolete] Task SaveAsync() => Task.CompletedTask; async Task M() { Save(); await Task.Yield(); }")]
        [InlineData("static class Assert { public static void That(object a, object b) { } public static Task ThatAsync(Func<Task> a, object b) => Task.CompletedTask; } async Task M() { Assert.That(1, 2); await Task.Yield(); }")]
        [InlineData("class Other { public void Save() { } private Task SaveAsync() => Task.CompletedTask; } async Task M(Other o) { o.Save(); await Task.Yield(); }")]
        [InlineData("async Task M(MemoryStream ms, byte[] b) { ms.Read(b, 0, 1); ms.Write(b, 0, 1); await Task.Yield(); }")]
        [InlineData("async Task M(StringReader r, StringWriter w) { r.ReadLine(); w.WriteLine(\"x\"); await Task.Yield(); }")]
        [InlineData("async Task M() { Console.WriteLine(\"x\"); Console.Out.WriteLine(\"y\"); Console.Error.Flush(); await Task.Yield(); }")]
        [InlineData("async Task M(TextWriter output) { output.WriteLine(\"x\"); output.Write(1); await Task.Yield(); }")]
        [InlineData("async Task M(CancellationTokenSource cts) { cts.Cancel(); await Task.Yield(); }")]
        [InlineData("async Task M(SemaphoreSlim s) { if (s.Wait(0)) s.Release(); if (s.Wait(TimeSpan.Zero)) s.Release(); await Task.Yield(); }")]
        [InlineData("async Task M(Task t) { t.Wait(); await Task.Yield(); }")]
        [InlineData("async Task M() { Thread.Sleep(1); await Task.Yield(); }")]
        [InlineData("int M(string p) => File.ReadAllText(p).Length;")]
        [InlineData("async Task M(string p) { Func<string> f = () => File.ReadAllText(p); await Task.Yield(); }")]
        [InlineData("async Task M(string p) { Expression<Func<string>> e = () => File.ReadAllText(p); await Task.Yield(); }")]
        [InlineData("async Task M() { var n = nameof(File.ReadAllText); await Task.Yield(); }")]
        [InlineData("void Save() { } async Task M() { async Task SaveAsync() { Save(); await Task.Yield(); } await SaveAsync(); }")]
        [InlineData("async Task M(CancellationToken token) { var registration = token.Register(() => { }); await Task.Yield(); registration.Dispose(); }")]
        [InlineData("async Task M(CancellationToken token) { using var registration = token.Register(() => { }); await Task.Yield(); }")]
        [InlineData("Timer timer; async Task DisposeAsync() { await Task.Yield(); var old = Interlocked.Exchange(ref timer, null); old?.Dispose(); }")]
        public Task Silent_on_the_precision_list(string member)
            => Verify.VerifyAnalyzerAsync(Code("    " + member));

        [Theory]
        [InlineData("async Task M(SemaphoreSlim s) { var zero = 0; if (s.Wait(zero)) s.Release(); await Task.Yield(); }")]
        [InlineData("async Task M(SemaphoreSlim s) { TimeSpan none = TimeSpan.Zero; if (s.Wait(none)) s.Release(); Func<int> read = () => none.Milliseconds; await Task.Yield(); }")]
        public Task Silent_on_a_semaphore_wait_whose_timeout_local_always_holds_zero(string member)
            => Verify.VerifyAnalyzerAsync(Code("    " + member));

        [Theory]
        [InlineData("async Task M(SemaphoreSlim s) { var timeout = 100; if ([|s.Wait(timeout)|]) s.Release(); await Task.Yield(); }")]
        [InlineData("async Task M(SemaphoreSlim s, bool slow) { var timeout = 0; if (slow) timeout = 100; if ([|s.Wait(timeout)|]) s.Release(); await Task.Yield(); }")]
        [InlineData("async Task M(SemaphoreSlim s) { var timeout = 0; Action widen = () => timeout += 100; widen(); if ([|s.Wait(timeout)|]) s.Release(); await Task.Yield(); }")]
        [InlineData("static void Widen(ref int t) => t = 100; async Task M(SemaphoreSlim s) { var timeout = 0; Widen(ref timeout); if ([|s.Wait(timeout)|]) s.Release(); await Task.Yield(); }")]
        public Task Still_reported_on_a_semaphore_wait_whose_timeout_local_may_change(string member)
            => Verify.VerifyAnalyzerAsync(Code("    " + member));

        [Fact]
        public Task Another_disposable_with_DisposeAsync_is_still_reported()
            => Verify.VerifyAnalyzerAsync(Code("""
                    async Task M(Stream stream, Timer timer, CancellationToken token)
                    {
                        var registration = token.Register(() => { });
                        await Task.Yield();
                        registration.Dispose();
                        timer.Dispose();
                        [|stream.Dispose()|];
                    }
                """));

        // ---- "Never suggest the function you are in": only where the counterpart could bind back to it ------------------

        [Theory]
        [InlineData("class R { int Read() => 0; Task<int> ReadAsync(int n) => Task.FromResult(n); async Task<int> ReadAsync() { await Task.Yield(); return Read() + this.Read(); } }")]
        [InlineData("class B { public virtual int Read() => 0; public virtual Task<int> ReadAsync() => Task.FromResult(0); } class R : B { public override async Task<int> ReadAsync() { await Task.Yield(); return base.Read(); } }")]
        [InlineData("class R { static int Read() => 0; static Task<int> ReadAsync(int n) => Task.FromResult(n); static async Task<int> ReadAsync() { await Task.Yield(); return R.Read(); } }")]
        public Task Silent_where_the_counterpart_could_bind_back_to_the_function_the_call_is_in(string member)
            => Verify.VerifyAnalyzerAsync(Code("    " + member));

        [Fact]
        public Task Silent_where_the_counterpart_is_the_extension_method_the_call_is_in()
            => Verify.VerifyAnalyzerAsync(Usings + """
                class Repo { public int Count() => 0; }
                static class RepoExtensions
                {
                    public static async Task<int> CountAsync(this Repo repo) { await Task.Yield(); return repo.Count(); }
                }

                """);

        [Fact]
        public Task A_call_on_another_object_inside_a_function_of_the_counterparts_name_is_reported_and_fixed()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        class Reader { public bool Read() => false; public Task<bool> ReadAsync() => Task.FromResult(false); }
                        async Task<int> ReadAsync<TEntity>(Reader reader)
                        {
                            var n = 0;
                            while ([|reader.Read()|])
                            {
                                n++;
                            }

                            await Task.Yield();
                            return n;
                        }
                    """),
                Code("""
                        class Reader { public bool Read() => false; public Task<bool> ReadAsync() => Task.FromResult(false); }
                        async Task<int> ReadAsync<TEntity>(Reader reader)
                        {
                            var n = 0;
                            while (await reader.ReadAsync())
                            {
                                n++;
                            }

                            await Task.Yield();
                            return n;
                        }
                    """));

        [Fact]
        public Task A_static_call_on_another_type_inside_a_local_function_of_the_counterparts_name_is_reported()
            => Verify.VerifyAnalyzerAsync(Code("""
                    async Task M(string p)
                    {
                        async Task ReadAllTextAsync() { [|File.ReadAllText(p)|]; await Task.Yield(); }
                        await ReadAllTextAsync();
                    }
                """));

        // ---- Counterparts ----------------------------------------------------------------------------------------------

        [Fact]
        public Task A_sync_overload_taking_in_parameters_finds_the_counterpart_taking_them_by_value()
            => Verify.VerifyCodeFixAsync(
                Code("""
                        struct Big { public long A, B, C, D; }
                        class Sink { public void Write(in Big value, int count) { } public Task WriteAsync(Big value, int count) => Task.CompletedTask; }
                        async Task M(Sink sink, Big big)
                        {
                            await Task.Yield();
                            [|sink.Write(big, 1)|];
                            [|sink.Write(in big, 2)|];
                        }
                    """),
                Code("""
                        struct Big { public long A, B, C, D; }
                        class Sink { public void Write(in Big value, int count) { } public Task WriteAsync(Big value, int count) => Task.CompletedTask; }
                        async Task M(Sink sink, Big big)
                        {
                            await Task.Yield();
                            await sink.WriteAsync(big, 1);
                            await sink.WriteAsync(big, 2);
                        }
                    """));

        [Fact]
        public Task A_counterpart_taking_a_different_ref_kind_is_no_counterpart()
            => Verify.VerifyAnalyzerAsync(Code("""
                    class Sink { public void Write(ref int value) { } public Task WriteAsync(int value) => Task.CompletedTask; public void Put(int value) { } public Task PutAsync(in int value) => Task.CompletedTask; }
                    async Task M(Sink sink, int n)
                    {
                        await Task.Yield();
                        sink.Write(ref n);
                        sink.Put(n);
                    }
                """));

        // ---- An in-memory query is no I/O ----------------------------------------------------------------------------

        private const string QueryableAsync = """
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading;
            using System.Threading.Tasks;
            namespace Data
            {
                public static class QueryableAsync
                {
                    public static Task<T[]> ToArrayAsync<T>(this IQueryable<T> source, CancellationToken cancellationToken = default) => Task.FromResult(source.ToArray());
                    public static Task<T> FirstAsync<T>(this IQueryable<T> source, CancellationToken cancellationToken = default) => Task.FromResult(source.First());
                }
                public abstract class DbSet<T> : IQueryable<T>
                {
                    public abstract System.Type ElementType { get; }
                    public abstract System.Linq.Expressions.Expression Expression { get; }
                    public abstract IQueryProvider Provider { get; }
                    public abstract IEnumerator<T> GetEnumerator();
                    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
                }
            }

            """;

        private static readonly string QueryUsings = TestCode.UsingsOf("System.Collections.Generic", "System.Linq", "System.Threading.Tasks", "Data");

        [Fact]
        public Task Silent_on_a_query_over_a_loaded_collection()
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("Queries.cs", QueryableAsync));
            test.TestState.Sources.Add(("Use.cs", QueryUsings + """
                class Page { public ICollection<int> Blocks { get; } = new List<int>(); }
                class Use
                {
                    async Task<int> M(Page page, List<int> loaded, int[] ids)
                    {
                        await Task.Yield();
                        var blocks = page.Blocks.AsQueryable().Where(b => b > 0).OrderBy(b => b).Select(b => b * 2).ToArray();
                        return blocks.Length + loaded.AsQueryable().First() + ids.AsQueryable().Where(i => i > 1).First();
                    }
                }

                """));
            return test.RunAsync();
        }

        [Fact]
        public Task A_query_whose_source_is_a_query_is_still_reported()
        {
            // DbSet.AsQueryable() is still the database: a DbSet is an IQueryable. So is a chain that never passes AsQueryable.
            var test = new Verify.Test();
            test.TestState.Sources.Add(("Queries.cs", QueryableAsync));
            test.TestState.Sources.Add(("Use.cs", QueryUsings + """
                class Use
                {
                    async Task<int> M(DbSet<int> set, IQueryable<int> query, IEnumerable<IQueryable<int>> queries)
                    {
                        await Task.Yield();
                        var all = [|set.AsQueryable().Where(b => b > 0).ToArray()|];
                        return all.Length + [|query.AsQueryable().First()|] + [|set.Where(b => b > 0).First()|] + [|queries.AsQueryable().First().First()|];
                    }
                }

                """));
            return test.RunAsync();
        }

        [Fact]
        public Task Silent_on_DbSet_Add()
            => Verify.VerifyAnalyzerAsync(Usings + """

                namespace Microsoft.EntityFrameworkCore
                {
                    public class DbSet<T> { public void Add(T item) { } public Task AddAsync(T item) => Task.CompletedTask; }
                }
                class C
                {
                    async Task M(Microsoft.EntityFrameworkCore.DbSet<int> set) { set.Add(1); await Task.Yield(); }
                }

                """);

        [Fact]
        public Task Fix_All_over_a_call_nested_in_another_awaits_both()
            // The outer fix is made from the call as the editor holds it, so the inner call's fix still finds its node.
            => Verify.VerifyCodeFixAsync(
                Code("""
                        async Task Copy(string from, string to)
                        {
                            await Task.Yield();
                            [|File.WriteAllText(to, [|File.ReadAllText(from)|])|];
                        }
                    """),
                Code("""
                        async Task Copy(string from, string to)
                        {
                            await Task.Yield();
                            await File.WriteAllTextAsync(to, await File.ReadAllTextAsync(from));
                        }
                    """));
    }
}
