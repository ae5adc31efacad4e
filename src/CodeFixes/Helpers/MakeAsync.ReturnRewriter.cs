using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AsyncRules.CodeFixes.Helpers
{
    internal static partial class MakeAsync
    {
        private static SyntaxNode RewriteReturns(SyntaxNode function, ReturnRewrite returns)
        {
            if (returns == ReturnRewrite.None)
            {
                return function;
            }

            var expressionBody = function switch
            {
                MethodDeclarationSyntax m => m.ExpressionBody?.Expression,
                LocalFunctionStatementSyntax l => l.ExpressionBody?.Expression,
                AnonymousFunctionExpressionSyntax a => a.ExpressionBody,
                _ => null,
            };
            if (expressionBody is not null)
            {
                return function.ReplaceNode(expressionBody, returns == ReturnRewrite.AwaitGeneric ? AwaitOrUnwrap(expressionBody) : AsyncSyntax.AwaitInPlaceOf(expressionBody, expressionBody));
            }

            return new ReturnRewriter(function, returns).Visit(function) ?? function;
        }

        private static ExpressionSyntax AwaitOrUnwrap(ExpressionSyntax expression)
        {
            // Task.FromResult(x) → x; anything else → await it.
            if (expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "FromResult", Expression: var receiver }, ArgumentList.Arguments.Count: 1 } fromResult
                && IsTaskTypeName(receiver))
            {
                return fromResult.ArgumentList.Arguments[0].Expression.WithTriviaFrom(expression);
            }

            return AsyncSyntax.AwaitInPlaceOf(expression, expression);
        }

        /// <summary>
        /// <c>Task.CompletedTask</c>, <c>default</c>, <c>new ValueTask()</c>, <c>null</c>: returned from a non-generic task method
        /// they mean "nothing left to do" (a null Task was a bug ASYNC005 reports); once async, that is <c>return;</c>.
        /// </summary>
        private static bool IsCompletedNonGeneric(ExpressionSyntax expression)
            => expression switch
            {
                MemberAccessExpressionSyntax { Name.Identifier.ValueText: "CompletedTask", Expression: var receiver } => IsTaskTypeName(receiver),
                LiteralExpressionSyntax literal => literal.IsKind(SyntaxKind.DefaultLiteralExpression) || literal.IsKind(SyntaxKind.NullLiteralExpression),
                DefaultExpressionSyntax => true,
                ObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: 0 } creation => IsTaskTypeName(creation.Type),
                ImplicitObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: 0 } => true,
                _ => false,
            };

        private static bool IsTaskTypeName(ExpressionSyntax expression)
        {
            var name = expression switch
            {
                IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                GenericNameSyntax generic => generic.Identifier.ValueText,
                MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
                QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
                _ => null,
            };
            return name is "Task" or "ValueTask";
        }

        /// <summary>Rewrites the <c>return</c> statements of one function (not of functions nested in it) for its new async form.</summary>
        private sealed class ReturnRewriter : CSharpSyntaxRewriter
        {
            private readonly SyntaxNode function;
            private readonly ReturnRewrite mode;

            public ReturnRewriter(SyntaxNode function, ReturnRewrite mode)
            {
                this.function = function;
                this.mode = mode;
            }

            public override SyntaxNode? Visit(SyntaxNode? node)
                => node != function && node is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax ? node : base.Visit(node);

            public override SyntaxNode? VisitReturnStatement(ReturnStatementSyntax node)
            {
                if (node.Expression is not { } expression)
                {
                    return node;
                }

                if (mode == ReturnRewrite.AwaitGeneric)
                {
                    return node.WithExpression(AwaitOrUnwrap(expression));
                }

                // Non-generic: the value was the task itself. Inside a block, VisitBlock splices the statements in.
                return node.Parent is BlockSyntax ? node : SyntaxFactory.Block(Expand(node)).WithTriviaFrom(node);
            }

            public override SyntaxNode? VisitBlock(BlockSyntax node)
            {
                var block = (BlockSyntax)base.VisitBlock(node)!;
                if (mode != ReturnRewrite.AwaitNonGeneric)
                {
                    return block;
                }

                var isBody = node.Parent == function;
                var statements = new List<StatementSyntax>();
                for (var i = 0; i < block.Statements.Count; i++)
                {
                    var statement = block.Statements[i];
                    if (statement is ReturnStatementSyntax { Expression: not null } returnStatement)
                    {
                        var expanded = Expand(returnStatement);
                        var isLast = isBody && i == block.Statements.Count - 1;
                        statements.AddRange(isLast ? expanded.Where(s => s is not ReturnStatementSyntax) : expanded);
                    }
                    else
                    {
                        statements.Add(statement);
                    }
                }

                return block.WithStatements(SyntaxFactory.List(statements));
            }

            /// <summary><c>return t;</c> → <c>await t; return;</c>; <c>return Task.CompletedTask;</c> → <c>return;</c>.</summary>
            private static List<StatementSyntax> Expand(ReturnStatementSyntax returnStatement)
            {
                var plainReturn = SyntaxFactory.ReturnStatement().WithTriviaFrom(returnStatement).WithAdditionalAnnotations(Microsoft.CodeAnalysis.Formatting.Formatter.Annotation);
                if (IsCompletedNonGeneric(returnStatement.Expression!))
                {
                    return new List<StatementSyntax> { plainReturn };
                }

                var awaitStatement = SyntaxFactory.ExpressionStatement(AsyncSyntax.AwaitInPlaceOf(returnStatement.Expression!, returnStatement.Expression!.WithoutTrivia()))
                    .WithLeadingTrivia(returnStatement.GetLeadingTrivia())
                    .WithAdditionalAnnotations(Microsoft.CodeAnalysis.Formatting.Formatter.Annotation);
                return new List<StatementSyntax> { awaitStatement, plainReturn.WithLeadingTrivia(SyntaxFactory.ElasticMarker) };
            }
        }
    }
}
