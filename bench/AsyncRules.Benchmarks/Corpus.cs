using System;
using System.Collections.Generic;
using System.Text;

namespace AsyncRules.Benchmarks
{
    /// <summary>
    /// A deterministic corpus of realistic async C#: services with repositories, handlers, loops, LINQ, tokens, and, in a
    /// small known share of methods, one seeded mistake per rule. Generated on the fly; nothing is committed.
    /// </summary>
    internal static class Corpus
    {
        /// <summary>The mistakes seeded, as (rule ID, code) pairs; each is placed inside an async method with a token in scope.</summary>
        private static readonly (string Id, string Statement)[] Mistakes =
        {
            ("ASYNC010", "var blocked = repository.LoadAsync(id, cancellationToken).Result;"),
            ("ASYNC030", "Thread.Sleep(10);"),
            ("ASYNC031", "var text = File.ReadAllText(path);"),
            ("ASYNC040", "await Task.Delay(5);"),
            ("ASYNC004", "await Task.Factory.StartNew(async () => await Task.Yield());"),
        };

        public static List<(string Name, string Text)> Generate(int files, int methodsPerFile, int seed, out Dictionary<string, int> seeded)
        {
            var random = new Random(seed);
            seeded = new Dictionary<string, int>(StringComparer.Ordinal);
            var result = new List<(string, string)>(files);
            for (var f = 0; f < files; f++)
            {
                var text = new StringBuilder();
                text.AppendLine("using System;\nusing System.Collections.Generic;\nusing System.IO;\nusing System.Linq;\nusing System.Threading;\nusing System.Threading.Tasks;\n");
                text.Append("namespace Corpus.Services").Append(f).AppendLine(";\n");
                text.AppendLine("public interface IRepository { Task<int> LoadAsync(int id, CancellationToken cancellationToken); Task SaveAsync(int id, int value, CancellationToken cancellationToken); }");
                text.Append("public sealed class Service").Append(f).AppendLine("\n{");
                text.AppendLine("    private readonly IRepository repository;\n    private readonly SemaphoreSlim gate = new(1);\n    private readonly string path = \"data.txt\";");
                text.Append("    public Service").Append(f).AppendLine("(IRepository repository) => this.repository = repository;");
                for (var m = 0; m < methodsPerFile; m++)
                {
                    var mistake = random.Next(100) < 6 ? Mistakes[random.Next(Mistakes.Length)] : default;
                    if (mistake.Id is not null)
                    {
                        seeded[mistake.Id] = seeded.TryGetValue(mistake.Id, out var n) ? n + 1 : 1;
                    }

                    AppendMethod(text, m, random, mistake.Statement);
                }

                text.AppendLine("}");
                result.Add(($"Service{f}.cs", text.ToString()));
            }

            return result;
        }

        private static void AppendMethod(StringBuilder text, int index, Random random, string? mistake)
        {
            switch (random.Next(4))
            {
                case 0:
                    text.Append("    public async Task<int> Handle").Append(index).AppendLine("Async(int id, CancellationToken cancellationToken)\n    {");
                    text.AppendLine("        var value = await repository.LoadAsync(id, cancellationToken).ConfigureAwait(false);");
                    text.AppendLine("        if (value < 0)\n        {\n            throw new InvalidOperationException(\"negative\");\n        }");
                    if (mistake is not null) text.Append("        ").AppendLine(mistake);
                    text.AppendLine("        await repository.SaveAsync(id, value + 1, cancellationToken);\n        return value;\n    }");
                    break;
                case 1:
                    text.Append("    public async Task<int> Sum").Append(index).AppendLine("Async(IReadOnlyList<int> ids, CancellationToken cancellationToken)\n    {");
                    text.AppendLine("        var tasks = ids.Select(id => repository.LoadAsync(id, cancellationToken)).ToArray();");
                    text.AppendLine("        await Task.WhenAll(tasks);\n        var sum = 0;");
                    if (mistake is not null) text.Append("        ").AppendLine(mistake.Replace("id,", "ids[0],"));
                    text.AppendLine("        foreach (var task in tasks)\n        {\n            sum += task.Result;\n        }\n\n        return sum;\n    }");
                    break;
                case 2:
                    text.Append("    public async Task Guarded").Append(index).AppendLine("Async(int id, CancellationToken cancellationToken)\n    {");
                    text.AppendLine("        await gate.WaitAsync(cancellationToken);\n        try\n        {");
                    if (mistake is not null) text.Append("            ").AppendLine(mistake);
                    text.AppendLine("            var current = await repository.LoadAsync(id, cancellationToken);");
                    text.AppendLine("            await repository.SaveAsync(id, current * 2, cancellationToken);\n        }\n        finally\n        {\n            gate.Release();\n        }\n    }");
                    break;
                default:
                    text.Append("    public int Compute").Append(index).AppendLine("(int[] values)\n    {");
                    text.AppendLine("        var total = 0;\n        for (var i = 0; i < values.Length; i++)\n        {\n            total += values[i] * (i % 3);\n        }");
                    text.AppendLine("        return values.Where(v => v > 0).Select(v => v * 2).Sum() + total;\n    }");
                    if (mistake is not null)
                    {
                        text.Append("    public async Task Extra").Append(index).AppendLine("Async(int id, CancellationToken cancellationToken)\n    {");
                        text.Append("        ").AppendLine(mistake);
                        text.AppendLine("        await Task.Yield();\n    }");
                    }

                    break;
            }

            text.AppendLine();
        }
    }
}
