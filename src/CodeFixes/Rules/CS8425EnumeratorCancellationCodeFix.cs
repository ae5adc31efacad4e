using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using AsyncRules.Analyzers.Helpers;
using AsyncRules.CodeFixes.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;

namespace AsyncRules.CodeFixes.Rules
{
    /// <summary>
    /// CS8425, an async iterator with a <c>CancellationToken</c> parameter that lacks <c>[EnumeratorCancellation]</c>: the token
    /// given to <c>WithCancellation</c> (or to <c>GetAsyncEnumerator</c>) never reaches the iterator. Adds the attribute (and
    /// <c>using System.Runtime.CompilerServices;</c>). Offered only when exactly one parameter is a token: with two, which one
    /// should follow <c>WithCancellation</c> is the author's call.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CS8425EnumeratorCancellationCodeFix))]
    public sealed class CS8425EnumeratorCancellationCodeFix : DocumentFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("CS8425");

        protected override string EquivalenceKey => "AsyncRules.CS8425";

        protected override string? GetTitle(Diagnostic diagnostic, SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
            => TokenParameter(node, semanticModel, cancellationToken) is { } parameter ? $"Add [EnumeratorCancellation] to '{parameter.Identifier.ValueText}'" : null;

        protected override void Fix(DocumentEditor editor, Diagnostic diagnostic, SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            if (TokenParameter(node, semanticModel, cancellationToken) is not { } parameter)
            {
                return;
            }

            editor.ReplaceNode(parameter, (current, _) =>
            {
                var p = (ParameterSyntax)current;
                var attribute = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Attribute(
                        SyntaxFactory.ParseName("System.Runtime.CompilerServices.EnumeratorCancellation")
                            .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation))))
                    .WithTrailingTrivia(SyntaxFactory.Space);
                return p.WithoutLeadingTrivia()
                    .WithAttributeLists(p.AttributeLists.Add(attribute))
                    .WithLeadingTrivia(p.GetLeadingTrivia());
            });
        }

        private static ParameterSyntax? TokenParameter(SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            var parameterList = node switch
            {
                MethodDeclarationSyntax method => method.ParameterList,
                LocalFunctionStatementSyntax local => local.ParameterList,
                _ => null,
            };
            var symbols = KnownSymbols.For(semanticModel.Compilation);
            if (parameterList is null || symbols?.EnumeratorCancellationAttribute is null)
            {
                return null;
            }

            var tokens = parameterList.Parameters
                .Where(p => p.Type is not null && symbols.IsCancellationToken(semanticModel.GetTypeInfo(p.Type, cancellationToken).Type))
                .ToList();
            return tokens.Count == 1 ? tokens[0] : null;
        }
    }
}
