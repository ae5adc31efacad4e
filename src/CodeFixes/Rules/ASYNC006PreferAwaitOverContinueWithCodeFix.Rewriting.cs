using System.Collections.Immutable;
using System.Linq;
using AsyncRules.Analyzers;
using AsyncRules.Analyzers.Helpers;
using AsyncRules.CodeFixes.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace AsyncRules.CodeFixes.Rules
{
    public sealed partial class ASYNC006PreferAwaitOverContinueWithCodeFix
    {
        private static ExpressionSyntax OutermostParentheses(ExpressionSyntax expression)
        {
            while (expression.Parent is ParenthesizedExpressionSyntax parenthesized)
            {
                expression = parenthesized;
            }

            return expression;
        }

        private static ExpressionSyntax Replacement(ExpressionSyntax inlined, SyntaxNode replaced)
            => AsyncSyntax.Parenthesize(inlined).WithTriviaFrom(replaced);

        /// <summary>
        /// The continuation's statements in place of <paramref name="statement"/>, which lends its comments to the first and its
        /// line end to the last; each ends its line (a one-line block continuation becomes one statement per line).
        /// </summary>
        private static ImmutableArray<StatementSyntax> Splice(ImmutableArray<StatementSyntax> statements, StatementSyntax statement)
        {
            var lineEnd = statement.GetTrailingTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
            if (lineEnd.IsKind(SyntaxKind.None))
            {
                lineEnd = SyntaxFactory.ElasticCarriageReturnLineFeed;
            }

            var spliced = ImmutableArray.CreateBuilder<StatementSyntax>(statements.Length);
            for (var i = 0; i < statements.Length; i++)
            {
                var current = statements[i];
                if (i == 0)
                {
                    current = current.WithLeadingTrivia(statement.GetLeadingTrivia());
                }

                if (i == statements.Length - 1)
                {
                    current = current.WithTrailingTrivia(statement.GetTrailingTrivia());
                }
                else if (!current.GetTrailingTrivia().Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia)))
                {
                    current = current.WithTrailingTrivia(current.GetTrailingTrivia().Where(t => !t.IsKind(SyntaxKind.WhitespaceTrivia)).Concat(new[] { lineEnd }));
                }

                spliced.Add(current);
            }

            return spliced.MoveToImmutable();
        }

        /// <summary>
        /// In the function MakeAsync rewrote, the returned chain now stands in an <c>await</c> (<c>return await chain;</c>,
        /// <c>await chain;</c>, <c>=&gt; await chain</c>): the inlined body replaces that await, or its statement.
        /// </summary>
        private static SyntaxNode InlineAwaitedChain(SyntaxNode function, SyntaxAnnotation marker, InlinedBody inline)
        {
            if (function.GetAnnotatedNodes(marker).FirstOrDefault() is not ExpressionSyntax chain
                || OutermostParentheses(chain).Parent is not AwaitExpressionSyntax awaitExpression)
            {
                return function;
            }

            var outer = OutermostParentheses(awaitExpression);
            if (inline.Statements is not { } statements)
            {
                return function.ReplaceNode(outer, Replacement(inline.Expression!, outer));
            }

            if (outer.Parent is not ExpressionStatementSyntax { Parent: BlockSyntax block } statement)
            {
                return function;
            }

            var index = block.Statements.IndexOf(statement);
            var spliced = block.Statements.RemoveAt(index).InsertRange(index, Splice(statements, statement));
            return function.ReplaceNode(block, block.WithStatements(spliced));
        }
    }
}
