using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncRules.TableGen
{
    /// <summary>One diagnostic AsyncRules reports, as its descriptor states it.</summary>
    public sealed record RuleFacts(string Id, string Title, string Category, DiagnosticSeverity DefaultSeverity, bool EnabledByDefault, string HelpLink);

    /// <summary>Who fixes one diagnostic ID: the providers that list it (a provider may fix several IDs, an ID may have several providers).</summary>
    public sealed record FixFacts(string Id, ImmutableArray<string> Providers, bool FixAll);

    /// <summary>
    /// The facts the tables state, read from the built assemblies: every descriptor of every analyzer (suppressors
    /// apart), and every ID some <see cref="CodeFixProvider"/> lists in <see cref="CodeFixProvider.FixableDiagnosticIds"/>,
    /// with whether all of them offer Fix All (<see cref="CodeFixProvider.GetFixAllProvider"/>).
    /// </summary>
    public sealed class RuleCatalog
    {
        private RuleCatalog(ImmutableArray<RuleFacts> rules, ImmutableDictionary<string, FixFacts> fixes)
        {
            Rules = rules;
            Fixes = fixes;
        }

        /// <summary>The descriptors, by ID.</summary>
        public ImmutableArray<RuleFacts> Rules { get; }

        /// <summary>Every ID with a fix: AsyncRules' own and the compiler's.</summary>
        public ImmutableDictionary<string, FixFacts> Fixes { get; }

        /// <summary>The IDs AsyncRules fixes that no descriptor of its own declares: the compiler's.</summary>
        public ImmutableArray<string> CompilerIds
            => Fixes.Keys.Where(id => !Rules.Any(r => r.Id == id)).OrderBy(id => id, StringComparer.Ordinal).ToImmutableArray();

        public FixFacts? FixFor(string id) => Fixes.TryGetValue(id, out var fix) ? fix : null;

        /// <summary>The analyzers and code fixes of AsyncRules.Analyzers.dll and AsyncRules.CodeFixes.dll.</summary>
        public static RuleCatalog Load()
        {
            var analyzers = Assembly.Load("AsyncRules.Analyzers").GetTypes()
                .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !typeof(DiagnosticSuppressor).IsAssignableFrom(t)
                            && t.IsDefined(typeof(DiagnosticAnalyzerAttribute), false))
                .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!);
            var fixers = Assembly.Load("AsyncRules.CodeFixes").GetTypes()
                .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t) && t.IsDefined(typeof(ExportCodeFixProviderAttribute), false))
                .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!);
            return From(analyzers, fixers);
        }

        public static RuleCatalog From(IEnumerable<DiagnosticAnalyzer> analyzers, IEnumerable<CodeFixProvider> fixers)
        {
            var rules = new Dictionary<string, RuleFacts>(StringComparer.Ordinal);
            foreach (var descriptor in analyzers.SelectMany(a => a.SupportedDiagnostics))
            {
                var facts = new RuleFacts(
                    descriptor.Id,
                    descriptor.Title.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    descriptor.Category,
                    descriptor.DefaultSeverity,
                    descriptor.IsEnabledByDefault,
                    descriptor.HelpLinkUri);
                if (rules.TryGetValue(descriptor.Id, out var seen) && seen != facts)
                {
                    throw new TableGenException($"{descriptor.Id} has two descriptors that disagree: {seen} and {facts}.");
                }

                rules[descriptor.Id] = facts;
            }

            var fixes = new Dictionary<string, FixFacts>(StringComparer.Ordinal);
            foreach (var fixer in fixers.OrderBy(f => f.GetType().Name, StringComparer.Ordinal))
            {
                var fixAll = fixer.GetFixAllProvider() is not null;
                foreach (var id in fixer.FixableDiagnosticIds.Distinct())
                {
                    fixes[id] = fixes.TryGetValue(id, out var known)
                        ? known with { Providers = known.Providers.Add(fixer.GetType().Name), FixAll = known.FixAll && fixAll }
                        : new FixFacts(id, ImmutableArray.Create(fixer.GetType().Name), fixAll);
                }
            }

            return new RuleCatalog(
                rules.Values.OrderBy(r => r.Id, StringComparer.Ordinal).ToImmutableArray(),
                fixes.ToImmutableDictionary(StringComparer.Ordinal));
        }
    }

    /// <summary>A problem the generator cannot resolve by writing: a missing page or region, a page that contradicts the code.</summary>
    public sealed class TableGenException : Exception
    {
        public TableGenException(string message)
            : base(message)
        {
        }
    }
}
