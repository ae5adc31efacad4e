using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AsyncRules.Analyzers;
using AsyncRules.CodeFixes.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace AsyncRules.CodeFixes.Rules
{
    /// <summary>
    /// ASYNC023 fix: <c>var e = s.GetAsyncEnumerator();</c> → <c>await using var e = s.GetAsyncEnumerator();</c>; a later
    /// <c>await e.DisposeAsync();</c> statement in the same block is removed (the declaration now does it, on every path).
    /// Not offered outside async code, where an await cannot be written, in a <c>switch</c> section (CS8647), for a declaration
    /// of several variables, when the variable is assigned again (a using variable is read-only: CS1656), or for a mutable
    /// struct enumerator (calls on a read-only variable would work on copies).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ASYNC023AsyncEnumeratorNotDisposedCodeFix))]
    public sealed class ASYNC023AsyncEnumeratorNotDisposedCodeFix : DocumentFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.AsyncEnumeratorNotDisposed);

        protected override string EquivalenceKey => "AsyncRules." + DiagnosticIds.AsyncEnumeratorNotDisposed;

        protected override async Task<string?> GetTitleAsync(Document document, Diagnostic diagnostic, SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            if (Declaration(node, semanticModel, cancellationToken) is not { } declaration)
            {
                return null;
            }

            var (canAwait, plan) = await MakeAsync.PlanAwaitAsync(document, declaration, semanticModel, cancellationToken).ConfigureAwait(false);
            return canAwait && plan is null ? "Use 'await using'" : null;
        }

        protected override void Fix(DocumentEditor editor, Diagnostic diagnostic, SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            if (Declaration(node, semanticModel, cancellationToken) is not { } declaration)
            {
                return;
            }

            editor.ReplaceNode(declaration, (current, _) => AsyncSyntax.AwaitUsing((LocalDeclarationStatementSyntax)current));
            var local = semanticModel.GetDeclaredSymbol(declaration.Declaration.Variables[0], cancellationToken);
            foreach (var statement in ((BlockSyntax)declaration.Parent!).Statements.SkipWhile(s => s != declaration).Skip(1))
            {
                if (statement is ExpressionStatementSyntax
                    {
                        Expression: AwaitExpressionSyntax
                        {
                            Expression: InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0, Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "DisposeAsync", Expression: IdentifierNameSyntax receiver } },
                        },
                    }
                    && SymbolEqualityComparer.Default.Equals(semanticModel.GetSymbolInfo(receiver, cancellationToken).Symbol, local))
                {
                    editor.RemoveNode(statement, SyntaxRemoveOptions.KeepDirectives);
                }
            }
        }

        /// <summary>The plain local declaration the enumerator is stored in, when <c>await using</c> may be written on it.</summary>
        private static LocalDeclarationStatementSyntax? Declaration(SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            if (node.Parent is not EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }
                || declarator.Parent is not VariableDeclarationSyntax { Variables.Count: 1 } variables
                || variables.Parent is not LocalDeclarationStatementSyntax declaration
                || declaration.UsingKeyword.IsKind(SyntaxKind.UsingKeyword) || declaration.IsConst
                || declaration.Parent is not BlockSyntax block
                || semanticModel.GetDeclaredSymbol(declarator, cancellationToken) is not ILocalSymbol local
                || (local.Type.IsValueType && !local.Type.IsReadOnly))
            {
                return null;
            }

            // A using variable is read-only: no assignment, no ref/out, no increment.
            foreach (var name in block.DescendantNodes().OfType<IdentifierNameSyntax>().Where(n => n.Identifier.ValueText == local.Name))
            {
                var written = name.Parent switch
                {
                    AssignmentExpressionSyntax assignment => assignment.Left == name,
                    ArgumentSyntax argument => !argument.RefKindKeyword.IsKind(SyntaxKind.None),
                    PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax => true,
                    _ => false,
                };
                if (written && SymbolEqualityComparer.Default.Equals(semanticModel.GetSymbolInfo(name, cancellationToken).Symbol, local))
                {
                    return null;
                }
            }

            return declaration;
        }
    }
}
