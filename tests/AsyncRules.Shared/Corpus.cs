using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace AsyncRules.Benchmarks
{
    /// <summary>One seeded mistake: the rule it is meant to trip, the file, and the zero-based line the diagnostic is expected on.</summary>
    public readonly record struct SeededMistake(string Category, string File, int Line);

    /// <summary>A generated corpus: its files, their line count, and every mistake seeded into them.</summary>
    public sealed record GeneratedCorpus(IReadOnlyList<(string Name, string Text)> Files, int Lines, IReadOnlyList<SeededMistake> Seeded)
    {
        public int SeededCount(string category) => Seeded.Count(s => s.Category == category);
    }

    /// <summary>
    /// A deterministic corpus of realistic async C#: per file a record, a repository interface and its implementation (with an
    /// async iterator), a service whose methods load, save, sum, guard with a semaphore, stream and compute, and a command
    /// handler with an event. A small, known share of members carries one mistake of one rule, marked on its line with
    /// <c>// seeded: ID</c> (the line the rule reports on). Generated on the fly from a seed; nothing is committed.
    /// Shared by the benchmark and the tests (linked into tests/AsyncRules.Tests), so it uses nothing but the BCL.
    /// </summary>
    public static class Corpus
    {
        public const string Marker = "// seeded: ";

        /// <summary>Every category seeded: one per AsyncRules rule that has a shape in ordinary code.</summary>
        public static readonly IReadOnlyList<string> Categories = new[]
        {
            "ASYNC001", "ASYNC002", "ASYNC003", "ASYNC004", "ASYNC005", "ASYNC010", "ASYNC011",
            "ASYNC020", "ASYNC021", "ASYNC022", "ASYNC023", "ASYNC030", "ASYNC031", "ASYNC040",
        };

        /// <summary>Mistakes that are one statement inside an async method with <c>id</c>, <c>cancellationToken</c>, <c>repository</c> and <c>path</c> in scope.</summary>
        private static readonly (string Id, string[] Lines)[] StatementMistakes =
        {
            ("ASYNC002", new[] { "new List<int> { id }.ForEach(async item => await repository.SaveAsync(item, 0, cancellationToken));" }),
            ("ASYNC004", new[] { "await Task.Factory.StartNew(async () => await Task.Yield());" }),
            ("ASYNC010", new[] { "var blocked = repository.LoadAsync(id, cancellationToken).Result;", "id += blocked;" }),
            ("ASYNC020", new[] { "foreach (var item in repository.StreamAsync(cancellationToken).ToBlockingEnumerable()) { id += item; }" }),
            ("ASYNC021", new[] { "await foreach (var item in repository.StreamAsync()) { id += item; }" }),
            ("ASYNC022", new[] { "repository.StreamAsync(cancellationToken);" }),
            ("ASYNC023", new[] { "var enumerator = repository.StreamAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);", "id += await enumerator.MoveNextAsync() ? enumerator.Current : 0;" }),
            ("ASYNC030", new[] { "Thread.Sleep(10);" }),
            ("ASYNC031", new[] { "var text = File.ReadAllText(path);", "id += text.Length;" }),
            ("ASYNC040", new[] { "await Task.Delay(5);" }),
        };

        /// <summary>Mistakes that are a member of their own (the marked line is the one the rule reports).</summary>
        private static readonly string[] MemberMistakes = { "ASYNC001", "ASYNC003", "ASYNC005", "ASYNC011" };

        /// <summary>
        /// Files until <paramref name="lines"/> lines are reached. <paramref name="mistakeShare"/> is the chance that a method
        /// carries a mistake (the default gives a few per thousand lines).
        /// </summary>
        public static GeneratedCorpus Generate(int lines, int seed = 444, double mistakeShare = 0.04)
        {
            var random = new Random(seed);
            var files = new List<(string, string)>();
            var seeded = new List<SeededMistake>();
            var total = 0;
            for (var f = 0; total < lines; f++)
            {
                var name = $"Module{f}.cs";
                var text = File(f, random, mistakeShare);
                var fileLines = text.Split('\n');
                for (var i = 0; i < fileLines.Length; i++)
                {
                    var at = fileLines[i].IndexOf(Marker, StringComparison.Ordinal);
                    if (at >= 0)
                    {
                        seeded.Add(new SeededMistake(fileLines[i].Substring(at + Marker.Length).Trim(), name, i));
                    }
                }

                total += fileLines.Length - 1;
                files.Add((name, text));
            }

            return new GeneratedCorpus(files, total, seeded);
        }

        private static string File(int f, Random random, double mistakeShare)
        {
            var w = new Writer();
            w.Line("using System;").Line("using System.Collections.Generic;").Line("using System.IO;").Line("using System.Linq;")
             .Line("using System.Runtime.CompilerServices;").Line("using System.Threading;").Line("using System.Threading.Tasks;").Line();
            w.Line($"namespace Corpus.Module{f};").Line();
            w.Line($"public sealed record Order(int Id, string Customer, decimal Amount);").Line();

            w.Line("public interface IOrderRepository").Open();
            w.Line("Task<Order?> FindAsync(int id, CancellationToken cancellationToken);").Line();
            w.Line("Task<int> LoadAsync(int id, CancellationToken cancellationToken);").Line();
            w.Line("Task SaveAsync(int id, int value, CancellationToken cancellationToken);").Line();
            w.Line("IAsyncEnumerable<int> StreamAsync(CancellationToken cancellationToken = default);").Close().Line();

            Repository(w);
            Service(w, f, random, mistakeShare);
            Handler(w, random, mistakeShare);
            return w.ToString();
        }

        private static void Repository(Writer w)
        {
            w.Line("public sealed class OrderRepository : IOrderRepository").Open();
            w.Line("private readonly Dictionary<int, Order> store = new();").Line("private readonly SemaphoreSlim gate = new(1, 1);").Line();
            w.Line("public async Task<Order?> FindAsync(int id, CancellationToken cancellationToken)").Open();
            w.Line("await gate.WaitAsync(cancellationToken).ConfigureAwait(false);").Line("try").Open();
            w.Line("return store.TryGetValue(id, out var order) ? order : null;").Close().Line("finally").Open().Line("gate.Release();").Close().Close().Line();
            w.Line("public async Task<int> LoadAsync(int id, CancellationToken cancellationToken)").Open();
            w.Line("var order = await FindAsync(id, cancellationToken).ConfigureAwait(false);").Line("return order?.Id ?? 0;").Close().Line();
            w.Line("public Task SaveAsync(int id, int value, CancellationToken cancellationToken)").Open();
            w.Line("cancellationToken.ThrowIfCancellationRequested();").Line("store[id] = new Order(id, \"customer\" + value, value);").Line("return Task.CompletedTask;").Close().Line();
            w.Line("public async IAsyncEnumerable<int> StreamAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)").Open();
            w.Line("foreach (var key in store.Keys.ToList())").Open().Line("await Task.Delay(1, cancellationToken).ConfigureAwait(false);").Line("yield return key;").Close().Close();
            w.Close().Line();
        }

        private static void Service(Writer w, int f, Random random, double mistakeShare)
        {
            w.Line($"public sealed class OrderService{f}").Open();
            w.Line("private readonly IOrderRepository repository;").Line("private readonly SemaphoreSlim gate = new(1, 1);").Line("private readonly string path = \"orders.txt\";").Line();
            w.Line($"public OrderService{f}(IOrderRepository repository) => this.repository = repository;").Line();
            var methods = 24 + random.Next(12);
            for (var m = 0; m < methods; m++)
            {
                if (random.NextDouble() < mistakeShare / 3)
                {
                    MemberMistake(w, MemberMistakes[random.Next(MemberMistakes.Length)], m);
                }

                var mistake = random.NextDouble() < mistakeShare ? StatementMistakes[random.Next(StatementMistakes.Length)] : default;
                switch (random.Next(6))
                {
                    case 0:
                        w.Line($"public async Task<int> Handle{m}Async(int id, CancellationToken cancellationToken)").Open();
                        w.Line("var value = await repository.LoadAsync(id, cancellationToken).ConfigureAwait(false);");
                        w.Line("if (value < 0)").Open().Line("throw new InvalidOperationException(\"negative\");").Close();
                        Statement(w, mistake);
                        w.Line("await repository.SaveAsync(id, value + 1, cancellationToken);").Line("return value + id;").Close();
                        break;
                    case 1:
                        w.Line($"public async Task<int> Sum{m}Async(int id, IReadOnlyList<int> ids, CancellationToken cancellationToken)").Open();
                        w.Line("var tasks = ids.Select(other => repository.LoadAsync(other, cancellationToken)).ToArray();");
                        w.Line("await Task.WhenAll(tasks);").Line("var sum = id;");
                        Statement(w, mistake);
                        w.Line("foreach (var task in tasks)").Open().Line("sum += await task;").Close().Line().Line("return sum;").Close();
                        break;
                    case 2:
                        w.Line($"public async Task Guarded{m}Async(int id, CancellationToken cancellationToken)").Open();
                        w.Line("await gate.WaitAsync(cancellationToken);").Line("try").Open();
                        Statement(w, mistake);
                        w.Line("var current = await repository.LoadAsync(id, cancellationToken);");
                        w.Line("await repository.SaveAsync(id, current * 2, cancellationToken);").Close().Line("finally").Open().Line("gate.Release();").Close().Close();
                        break;
                    case 3:
                        w.Line($"public async Task<int> Count{m}Async(int id, CancellationToken cancellationToken)").Open();
                        w.Line("var count = 0;");
                        w.Line("await foreach (var key in repository.StreamAsync(cancellationToken).ConfigureAwait(false))").Open();
                        w.Line("if (key % 2 == 0)").Open().Line("count++;").Close().Close();
                        Statement(w, mistake);
                        w.Line("return count + id;").Close();
                        break;
                    case 4:
                        w.Line($"public async IAsyncEnumerable<Order> Orders{m}Async(int id, [EnumeratorCancellation] CancellationToken cancellationToken = default)").Open();
                        Statement(w, mistake);
                        w.Line("await foreach (var key in repository.StreamAsync(cancellationToken))").Open();
                        w.Line("var order = await repository.FindAsync(key + id, cancellationToken);").Line("if (order is not null)").Open().Line("yield return order;").Close().Close().Close();
                        break;
                    default:
                        w.Line($"public int Compute{m}(int[] values)").Open();
                        w.Line("var total = 0;").Line("for (var i = 0; i < values.Length; i++)").Open().Line("total += values[i] * (i % 3);").Close();
                        w.Line("return values.Where(v => v > 0).Select(v => v * 2).Sum() + total;").Close();
                        if (mistake.Id is not null)
                        {
                            w.Line().Line($"public async Task Extra{m}Async(int id, CancellationToken cancellationToken)").Open();
                            Statement(w, mistake);
                            w.Line("await repository.SaveAsync(id, 0, cancellationToken);").Close();
                        }

                        w.Line().Line($"public IEnumerable<int> Evens{m}(int max)").Open();
                        w.Line("for (var i = 0; i <= max; i += 2)").Open().Line("yield return i;").Close().Close();
                        break;
                }

                w.Line();
            }

            w.Close().Line();
        }

        private static void Handler(Writer w, Random random, double mistakeShare)
        {
            w.Line("public sealed class CommandHandler").Open();
            w.Line("private readonly IOrderRepository repository;").Line("private readonly string path = \"commands.log\";").Line();
            w.Line("public CommandHandler(IOrderRepository repository)").Open().Line("this.repository = repository;").Line("Ticked += OnTicked;").Close().Line();
            w.Line("public event EventHandler? Ticked;").Line();
            w.Line("public int Ticks { get; private set; }").Line();
            w.Line("public void Tick() => Ticked?.Invoke(this, EventArgs.Empty);").Line();
            w.Line("private async void OnTicked(object? sender, EventArgs e)").Open().Line("await Task.Yield();").Line("Ticks++;").Close().Line();
            var mistake = random.NextDouble() < mistakeShare * 4 ? StatementMistakes[random.Next(StatementMistakes.Length)] : default;
            w.Line("public async Task<string> HandleAsync(string command, int id, CancellationToken cancellationToken)").Open();
            w.Line("switch (command)").Open();
            w.Line("case \"load\":").Line("    return (await repository.LoadAsync(id, cancellationToken)).ToString();");
            w.Line("case \"save\":").Line("    await repository.SaveAsync(id, id * 2, cancellationToken);").Line("    return \"saved\";");
            w.Line("case \"log\":").Line("    await File.AppendAllTextAsync(path, command, cancellationToken);").Line("    return \"logged\";");
            w.Line("default:").Line("    break;").Close();
            Statement(w, mistake);
            w.Line("return await Task.Run(() => command.ToUpperInvariant() + id, cancellationToken);").Close();
            w.Close();
        }

        private static void Statement(Writer w, (string Id, string[] Lines) mistake)
        {
            if (mistake.Id is null)
            {
                return;
            }

            w.Line(mistake.Lines[0] + " " + Marker + mistake.Id);
            foreach (var line in mistake.Lines.Skip(1))
            {
                w.Line(line);
            }
        }

        private static void MemberMistake(Writer w, string id, int m)
        {
            switch (id)
            {
                case "ASYNC001":
                    w.Line($"public async void Fire{m}(int id) {Marker}ASYNC001").Open().Line("await repository.SaveAsync(id, 0, CancellationToken.None);").Close();
                    break;
                case "ASYNC003":
                    w.Line($"public void Touch{m}(int id)").Open().Line($"repository.SaveAsync(id, 1, CancellationToken.None); {Marker}ASYNC003").Close();
                    break;
                case "ASYNC005":
                    w.Line($"public Task Reset{m}(int id)").Open().Line("if (id < 0)").Open().Line($"return null!; {Marker}ASYNC005").Close();
                    w.Line().Line("return repository.SaveAsync(id, 0, CancellationToken.None);").Close();
                    break;
                default:
                    w.Line($"public int Peek{m}(int id)").Open().Line($"return repository.LoadAsync(id, CancellationToken.None).Result; {Marker}ASYNC011").Close();

                    // Callers, so that ASYNC011's fix has a chain to make async (Fix All over the corpus exercises it).
                    w.Line().Line($"public int PeekBoth{m}(int id) => Peek{m}(id) + Peek{m}(id + 1);");
                    w.Line().Line($"public void Show{m}(int id)").Open().Line($"System.Console.WriteLine(PeekBoth{m}(id));").Close();
                    break;
            }

            w.Line();
        }

        /// <summary>Indenting line writer.</summary>
        private sealed class Writer
        {
            private readonly StringBuilder text = new();
            private int depth;

            public Writer Line(string line = "")
            {
                if (line.Length > 0)
                {
                    text.Append(' ', depth * 4);
                }

                text.Append(line).Append('\n');
                return this;
            }

            public Writer Open()
            {
                Line("{");
                depth++;
                return this;
            }

            public Writer Close()
            {
                depth--;
                return Line("}");
            }

            public override string ToString() => text.ToString();
        }
    }
}
