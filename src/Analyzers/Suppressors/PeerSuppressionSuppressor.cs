using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using AsyncRules.Analyzers.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncRules.Analyzers.Suppressors
{
    /// <summary>
    /// Honours the suppressions a codebase already wrote for the same mistake under another analyzer's ID: a line inside
    /// <c>#pragma warning disable CA1849</c>, or a member with <c>[SuppressMessage("…", "VSTHRD002:…")]</c> (on it, on a
    /// type around it, or in the assembly with <c>Scope</c>/<c>Target</c>), has been judged deliberate by its authors; the
    /// matching AsyncRules diagnostic (<see cref="PeerRules"/>) is reported as suppressed, with the peer ID in the
    /// justification, instead of asking again. Runs only on diagnostics already reported, so it costs nothing where there are none.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class PeerSuppressionSuppressor : DiagnosticSuppressor
    {
        /// <summary>The <c>.editorconfig</c> key that turns the behaviour off for the files it covers (<c>= false</c>).</summary>
        public const string OptionKey = "asyncrules.honour_peer_suppressions";

        private static readonly ImmutableDictionary<string, SuppressionDescriptor> Descriptors = PeerRules.ByRule.Keys.ToImmutableDictionary(
            id => id,
            id => new SuppressionDescriptor(
                "ASYNCS" + id.Substring("ASYNC".Length),
                id,
                $"The code's authors suppressed the same check under another analyzer's ID here ({string.Join(", ", PeerRules.ByRule[id])})"),
            StringComparer.Ordinal);

        public override ImmutableArray<SuppressionDescriptor> SupportedSuppressions { get; } = Descriptors.Values.OrderBy(d => d.Id, StringComparer.Ordinal).ToImmutableArray();

        public override void ReportSuppressions(SuppressionAnalysisContext context)
        {
            AssemblySuppressions? assemblyLevel = null;
            foreach (var diagnostic in context.ReportedDiagnostics)
            {
                if (!Descriptors.TryGetValue(diagnostic.Id, out var descriptor) || diagnostic.Location.SourceTree is not { } tree)
                {
                    continue;
                }

                if (context.Options.AnalyzerConfigOptionsProvider.GetOptions(tree).TryGetValue(OptionKey, out var setting)
                    && string.Equals(setting.Trim(), "false", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var peers = PeerRules.ByRule[diagnostic.Id];
                var position = diagnostic.Location.SourceSpan.Start;
                var root = tree.GetRoot(context.CancellationToken);
                if (DisabledByPragma(root, position, peers))
                {
                    context.ReportSuppression(Suppression.Create(descriptor, diagnostic));
                    continue;
                }

                assemblyLevel ??= AssemblySuppressions.Read(context.Compilation);
                if (SuppressedByAttribute(context.GetSemanticModel(tree), position, peers, assemblyLevel, context.CancellationToken))
                {
                    context.ReportSuppression(Suppression.Create(descriptor, diagnostic));
                }
            }
        }

        /// <summary>True when, at <paramref name="position"/>, the last active <c>#pragma warning</c> naming a peer ID disabled it.</summary>
        private static bool DisabledByPragma(SyntaxNode root, int position, ImmutableArray<string> peers)
        {
            if (!root.ContainsDirectives)
            {
                return false;
            }

            var disabled = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (var directive = root.GetFirstDirective(); directive is not null && directive.SpanStart < position; directive = directive.GetNextDirective())
            {
                if (directive is not PragmaWarningDirectiveTriviaSyntax pragma || !pragma.IsActive)
                {
                    continue;
                }

                var disable = pragma.DisableOrRestoreKeyword.IsKind(SyntaxKind.DisableKeyword);
                foreach (var code in pragma.ErrorCodes)
                {
                    var id = PeerRules.Normalize(code.ToString());
                    if (disable)
                    {
                        disabled.Add(id);
                    }
                    else
                    {
                        disabled.Remove(id);
                    }
                }
            }

            return peers.Any(disabled.Contains);
        }

        /// <summary>True when a symbol around <paramref name="position"/> carries a <c>SuppressMessage</c> for a peer ID, on itself or through the assembly.</summary>
        private static bool SuppressedByAttribute(SemanticModel model, int position, ImmutableArray<string> peers, AssemblySuppressions assemblyLevel, CancellationToken cancellationToken)
        {
            for (var symbol = model.GetEnclosingSymbol(position, cancellationToken); symbol is not null and not INamespaceSymbol; symbol = symbol.ContainingSymbol)
            {
                if (HasPeerSuppression(symbol, peers) || (symbol is IMethodSymbol { AssociatedSymbol: { } property } && HasPeerSuppression(property, peers))
                    || assemblyLevel.Covers(symbol, peers))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool HasPeerSuppression(ISymbol symbol, ImmutableArray<string> peers)
        {
            foreach (var attribute in symbol.GetAttributes())
            {
                if (SuppressedId(attribute) is { } id && peers.Contains(id, StringComparer.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The check ID of a <c>SuppressMessage</c>/<c>UnconditionalSuppressMessage</c> attribute, or null for any other attribute.</summary>
        private static string? SuppressedId(AttributeData attribute)
            => attribute.AttributeClass is { Name: "SuppressMessageAttribute" or "UnconditionalSuppressMessageAttribute" } type
                && type.ContainingNamespace?.ToDisplayString() == "System.Diagnostics.CodeAnalysis"
                && attribute.ConstructorArguments.Length >= 2
                && attribute.ConstructorArguments[1].Value is string checkId
                    ? PeerRules.Normalize(checkId)
                    : null;

        /// <summary>The assembly-level suppressions (a <c>GlobalSuppressions.cs</c>) of peer IDs: their check ID and the documentation ID of their target.</summary>
        private sealed class AssemblySuppressions
        {
            private readonly List<(string Id, string Target)> entries;

            private AssemblySuppressions(List<(string Id, string Target)> entries) => this.entries = entries;

            public static AssemblySuppressions Read(Compilation compilation)
            {
                var entries = new List<(string Id, string Target)>();
                foreach (var attribute in compilation.Assembly.GetAttributes())
                {
                    if (SuppressedId(attribute) is not { } id)
                    {
                        continue;
                    }

                    var target = attribute.NamedArguments.FirstOrDefault(a => a.Key == "Target").Value.Value as string;
                    if (!string.IsNullOrEmpty(target))
                    {
                        entries.Add((id, target!.TrimStart('~')));
                    }
                }

                return new AssemblySuppressions(entries);
            }

            public bool Covers(ISymbol symbol, ImmutableArray<string> peers)
            {
                if (entries.Count == 0 || symbol.GetDocumentationCommentId() is not { } documentationId)
                {
                    return false;
                }

                foreach (var (id, target) in entries)
                {
                    if (string.Equals(target, documentationId, StringComparison.Ordinal) && peers.Contains(id, StringComparer.OrdinalIgnoreCase))
                    {
                        return true;
                    }
                }

                return false;
            }
        }
    }
}
