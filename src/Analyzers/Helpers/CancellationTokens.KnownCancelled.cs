using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AsyncRules.Analyzers.Helpers
{
    internal static partial class CancellationTokens
    {
        /// <summary>
        /// True when the spot runs only once <paramref name="token"/> is cancelled, so a call handed it would throw at once: inside
        /// <c>if (token.IsCancellationRequested)</c> (or the <c>else</c> of its negation, a <c>?:</c>, a <c>while</c> body, the
        /// right side of <c>&amp;&amp;</c>), in a <c>catch</c> whose filter says so, or after <c>if (!token.IsCancellationRequested)
        /// return;</c> (any jump out) in the same block. A cancelled token stays cancelled, so what comes later in that region
        /// still sees it so. For <c>cts.Token</c> the source's own <c>cts.IsCancellationRequested</c> counts too.
        /// </summary>
        private static bool IsCancelledAt(SemanticModel semanticModel, int position, InScopeToken token, KnownSymbols symbols, CancellationToken cancellationToken)
        {
            var root = semanticModel.SyntaxTree.GetRoot(cancellationToken);
            SyntaxNode? child = null;
            for (var node = root.FindToken(position).Parent; node is not null; child = node, node = node.Parent)
            {
                if (child is null)
                {
                    continue;
                }

                var cancelled = node switch
                {
                    IfStatementSyntax ifStatement when child == ifStatement.Statement => Asserts(ifStatement.Condition, whenTrue: true),
                    IfStatementSyntax ifStatement when child == ifStatement.Else => Asserts(ifStatement.Condition, whenTrue: false),
                    ConditionalExpressionSyntax conditional when child == conditional.WhenTrue => Asserts(conditional.Condition, whenTrue: true),
                    ConditionalExpressionSyntax conditional when child == conditional.WhenFalse => Asserts(conditional.Condition, whenTrue: false),
                    WhileStatementSyntax loop when child == loop.Statement => Asserts(loop.Condition, whenTrue: true),
                    CatchClauseSyntax { Filter: { } filter } clause when child == clause.Block => Asserts(filter.FilterExpression, whenTrue: true),
                    BinaryExpressionSyntax binary when child == binary.Right && binary.IsKind(SyntaxKind.LogicalAndExpression) => Asserts(binary.Left, whenTrue: true),
                    BinaryExpressionSyntax binary when child == binary.Right && binary.IsKind(SyntaxKind.LogicalOrExpression) => Asserts(binary.Left, whenTrue: false),
                    BlockSyntax block => AfterAnExitUnlessCancelled(block.Statements, child),
                    SwitchSectionSyntax section => AfterAnExitUnlessCancelled(section.Statements, child),
                    _ => false,
                };
                if (cancelled)
                {
                    return true;
                }

                if (node is MemberDeclarationSyntax and not GlobalStatementSyntax)
                {
                    break;
                }
            }

            return false;

            bool AfterAnExitUnlessCancelled(SyntaxList<StatementSyntax> statements, SyntaxNode current)
            {
                foreach (var statement in statements)
                {
                    if (statement == current)
                    {
                        return false;
                    }

                    if (statement is IfStatementSyntax { Else: null } guard && AlwaysLeaves(guard.Statement) && Asserts(guard.Condition, whenTrue: false))
                    {
                        return true;
                    }
                }

                return false;
            }

            // Whether the condition, evaluating to whenTrue, says the token is cancelled.
            bool Asserts(ExpressionSyntax condition, bool whenTrue)
            {
                switch (condition)
                {
                    case ParenthesizedExpressionSyntax parenthesized:
                        return Asserts(parenthesized.Expression, whenTrue);
                    case PrefixUnaryExpressionSyntax negation when negation.IsKind(SyntaxKind.LogicalNotExpression):
                        return Asserts(negation.Operand, !whenTrue);
                    case BinaryExpressionSyntax both when both.IsKind(SyntaxKind.LogicalAndExpression):
                        return whenTrue && (Asserts(both.Left, true) || Asserts(both.Right, true));
                    case BinaryExpressionSyntax either when either.IsKind(SyntaxKind.LogicalOrExpression):
                        return !whenTrue && (Asserts(either.Left, false) || Asserts(either.Right, false));
                    case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "IsCancellationRequested" } access when whenTrue:
                        return semanticModel.GetSymbolInfo(access, cancellationToken).Symbol is IPropertySymbol { IsStatic: false } property
                            && (symbols.IsCancellationToken(property.ContainingType) || SymbolEqualityComparer.Default.Equals(property.ContainingType, symbols.CancellationTokenSource))
                            && IsTheToken(access.Expression, symbols.IsCancellationToken(property.ContainingType));
                    default:
                        return false;
                }
            }

            // The receiver of IsCancellationRequested names the token (ct, cts.Token, context.RequestAborted) or, for cts.Token,
            // its source (cts).
            bool IsTheToken(ExpressionSyntax receiver, bool isToken)
            {
                if (token.Member is null)
                {
                    return isToken && Names(receiver, token.Symbol);
                }

                var isSource = SymbolEqualityComparer.Default.Equals(token.Member.ContainingType, symbols.CancellationTokenSource);
                if (!isToken)
                {
                    return isSource && Names(receiver, token.Symbol);
                }

                return receiver is MemberAccessExpressionSyntax member
                    && SymbolEqualityComparer.Default.Equals(semanticModel.GetSymbolInfo(member, cancellationToken).Symbol, token.Member)
                    && Names(member.Expression, token.Symbol);
            }

            bool Names(ExpressionSyntax expression, ISymbol symbol)
            {
                if (expression is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } self)
                {
                    expression = self.Name;
                }

                return expression is IdentifierNameSyntax
                    && SymbolEqualityComparer.Default.Equals(semanticModel.GetSymbolInfo(expression, cancellationToken).Symbol, symbol);
            }
        }

        /// <summary>A statement that never completes normally: a jump, or a block that ends in one.</summary>
        private static bool AlwaysLeaves(StatementSyntax statement)
            => statement switch
            {
                ReturnStatementSyntax or ThrowStatementSyntax or BreakStatementSyntax or ContinueStatementSyntax or GotoStatementSyntax => true,
                BlockSyntax { Statements.Count: > 0 } block => AlwaysLeaves(block.Statements[block.Statements.Count - 1]),
                _ => false,
            };
    }
}
