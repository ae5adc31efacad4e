using System;
using System.IO;
using System.Linq;

namespace AsyncRules.TableGen
{
    /// <summary>
    /// <c>dotnet run --project tools/TableGen</c> rewrites the generated regions of README.md and docs/rules/*.md from the
    /// descriptors and code fixes; <c>-- --check</c> writes nothing and exits 1, naming each file and region, when the
    /// checked-in text differs. <c>--root DIR</c> names the repository (default: the one around the working directory).
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            var check = args.Contains("--check");
            var rootIndex = Array.IndexOf(args, "--root");
            var unknown = args.Where((a, i) => a != "--check" && a != "--root" && (rootIndex < 0 || i != rootIndex + 1)).ToList();
            if (unknown.Count > 0 || (rootIndex >= 0 && rootIndex + 1 >= args.Length))
            {
                Console.Error.WriteLine("usage: TableGen [--check] [--root <repository>]");
                return 2;
            }

            var root = rootIndex >= 0 ? Path.GetFullPath(args[rootIndex + 1]) : FindRoot(Directory.GetCurrentDirectory()) ?? FindRoot(AppContext.BaseDirectory);
            if (root is null)
            {
                Console.Error.WriteLine("TableGen: no AsyncRules.sln above the working directory; pass --root <repository>.");
                return 2;
            }

            var result = Generator.Run(root, RuleCatalog.Load());
            if (check)
            {
                var messages = Generator.Check(result);
                foreach (var message in messages)
                {
                    Console.Error.WriteLine("TableGen --check: " + message);
                }

                if (messages.Length > 0)
                {
                    Console.Error.WriteLine("Run `dotnet run --project tools/TableGen` and commit the result (a problem above that names no region needs a hand edit first).");
                    return 1;
                }

                Console.WriteLine($"TableGen --check: README.md and {result.Files.Length - 1} rule pages agree with the descriptors and code fixes.");
                return 0;
            }

            foreach (var file in result.Files.Where(f => f.Changed))
            {
                File.WriteAllText(Path.Combine(root, file.Path), file.Generated);
                Console.WriteLine($"wrote {file.Path} ({string.Join(", ", file.ChangedRegions)})");
            }

            foreach (var problem in result.Problems)
            {
                Console.Error.WriteLine("TableGen: " + problem);
            }

            return result.Problems.IsEmpty ? 0 : 1;
        }

        private static string? FindRoot(string start)
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "AsyncRules.sln")))
                {
                    return directory.FullName;
                }
            }

            return null;
        }
    }
}
