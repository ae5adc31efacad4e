using System.Threading.Tasks;
using Xunit;
using Verify = AsyncRules.Tests.Infrastructure.Verifier<
    AsyncRules.Analyzers.Rules.ASYNC031SyncCallWithAsyncCounterpartAnalyzer,
    AsyncRules.CodeFixes.Rules.ASYNC031SyncCallWithAsyncCounterpartCodeFix>;

namespace AsyncRules.Tests.Rules
{
    /// <summary>
    /// The counterpart lookup answers "none" from names before it looks anything up (a method named <c>MAsync</c> on the type
    /// searched, its bases and interfaces, or among the extensions the call's scope imports), and caches its answers per type,
    /// name and scope. Each test puts side by side, in one compilation, a call whose answer a wrongly keyed cache would share
    /// with one that must be answered apart.
    /// </summary>
    [Trait("Rule", "ASYNC031")]
    public class ASYNC031CounterpartLookupTests
    {
        private const string Usings = "using System.Threading.Tasks;\n";

        [Fact]
        public Task Two_receivers_of_different_types_calling_one_name_are_answered_apart()
            => Verify.VerifyAnalyzerAsync(Usings + """
                class Plain { public int Load() => 1; }
                class Store { public int Load() => 1; public Task<int> LoadAsync() => Task.FromResult(1); }
                class C
                {
                    async Task<int> M(Plain plain, Store store)
                    {
                        await Task.Yield();
                        var a = plain.Load();
                        var b = [|store.Load()|];
                        return a + plain.Load() + b + [|store.Load()|];
                    }
                }

                """);

        [Fact]
        public Task Generic_receivers_find_a_counterpart_on_a_base_class_or_an_interface_and_none_on_a_sibling()
            => Verify.VerifyAnalyzerAsync(Usings + """
                class Base<T> { public Task<T> FetchAsync() => Task.FromResult(default(T)); }
                class Derived<T> : Base<T> { public T Fetch() => default; }
                class Sibling<T> { public T Fetch() => default; }
                interface IReader<T> { Task<T> FetchAsync(); }
                interface IFetcher<T> : IReader<T> { T Fetch(); }
                class C
                {
                    async Task<int> M(Derived<int> derived, Derived<string> texts, Sibling<int> sibling, IFetcher<int> fetcher)
                    {
                        await Task.Yield();
                        var a = [|derived.Fetch()|];
                        var b = sibling.Fetch();
                        var c = [|texts.Fetch()|];
                        var d = [|fetcher.Fetch()|];
                        return a + b + c.Length + d;
                    }
                }

                """);

        [Fact]
        public Task An_extension_counterpart_counts_in_its_own_namespace_and_those_inside_it_but_not_in_a_sibling_namespace()
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("Library.cs", """
                namespace App
                {
                    public class Repo { public int Count() => 1; }
                }
                namespace App.Data
                {
                    public static class RepoAsync { public static System.Threading.Tasks.Task<int> CountAsync(this App.Repo repo) => System.Threading.Tasks.Task.FromResult(1); }
                }

                """));
            test.TestState.Sources.Add(("Data.cs", Usings + """
                namespace App.Data
                {
                    class InData { async Task<int> M(App.Repo repo) { await Task.Yield(); return [|repo.Count()|]; } }
                }
                namespace App.Data.Inner
                {
                    class InInner { async Task<int> M(App.Repo repo) { await Task.Yield(); return [|repo.Count()|]; } }
                }

                """));
            test.TestState.Sources.Add(("Web.cs", Usings + """
                namespace App.Web
                {
                    class InWeb { async Task<int> M(App.Repo repo) { await Task.Yield(); return repo.Count(); } }
                }

                """));
            return test.RunAsync();
        }

        [Fact]
        public Task An_extension_counterpart_imported_by_a_using_static_a_global_using_or_the_global_namespace_counts()
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("Library.cs", """
                public class Box { public int Open() => 1; public int Shut() => 1; public int Peek() => 1; }
                public static class GlobalBoxAsync { public static System.Threading.Tasks.Task<int> PeekAsync(this Box box) => System.Threading.Tasks.Task.FromResult(1); }
                namespace Lib.Opening
                {
                    public static class OpenAsyncExtensions { public static System.Threading.Tasks.Task<int> OpenAsync(this Box box) => System.Threading.Tasks.Task.FromResult(1); }
                }
                namespace Lib.Shutting
                {
                    public static class ShutAsyncExtensions { public static System.Threading.Tasks.Task<int> ShutAsync(this Box box) => System.Threading.Tasks.Task.FromResult(1); }
                }

                """));
            test.TestState.Sources.Add(("Globals.cs", "global using Lib.Shutting;\n"));
            test.TestState.Sources.Add(("Static.cs", Usings + """
                using static Lib.Opening.OpenAsyncExtensions;
                namespace App
                {
                    class WithStatic { async Task<int> M(Box box) { await Task.Yield(); return [|box.Open()|] + [|box.Shut()|] + [|box.Peek()|]; } }
                }

                """));
            test.TestState.Sources.Add(("Plain.cs", Usings + """
                namespace App
                {
                    class WithoutStatic { async Task<int> M(Box box) { await Task.Yield(); return box.Open() + [|box.Shut()|] + [|box.Peek()|]; } }
                }

                """));
            return test.RunAsync();
        }

        [Fact]
        public Task An_extension_counterpart_for_one_receiver_type_is_not_one_for_another_in_the_same_scope()
            => Verify.VerifyAnalyzerAsync(Usings + """
                using System.Collections.Generic;
                using System.Linq;
                static class QueryAsync
                {
                    public static Task<List<T>> ToListAsync<T>(this IQueryable<T> source) => Task.FromResult(new List<T>());
                }
                class C
                {
                    async Task<int> M(IEnumerable<int> loaded, IQueryable<int> query, IQueryable<string> names)
                    {
                        await Task.Yield();
                        var a = loaded.ToList();
                        var b = [|query.ToList()|];
                        var c = [|names.ToList()|];
                        var d = loaded.ToList();
                        return a.Count + b.Count + c.Count + d.Count;
                    }
                }

                """);
    }
}
