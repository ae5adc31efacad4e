using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using AsyncRules.Analyzers.Helpers;
using AsyncRules.CodeFixes.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncRules.CodeFixes.Rules
{
    public sealed partial class ASYNC006PreferAwaitOverContinueWithCodeFix
    {
        /// <summary>
        /// The continuation's body with <c>await antecedent</c> where it reads the antecedent, or null when the rewrite would
        /// change what runs, or in which order. A continuation that does not look at its antecedent runs after it whatever
        /// happened to it: that is <c>await antecedent;</c> followed by its body only when the antecedent cannot fail.
        /// </summary>
        private static InlinedBody? Inline(IAnonymousFunctionOperation continuation, LambdaExpressionSyntax lambda, ExpressionSyntax antecedent, bool antecedentCannotFail, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            var parameter = continuation.Symbol.Parameters[0];
            var references = continuation.Body.Descendants().OfType<IParameterReferenceOperation>()
                .Where(r => SymbolEqualityComparer.Default.Equals(r.Parameter, parameter))
                .ToList();
            var awaitAntecedent = AsyncSyntax.Parenthesize(SyntaxFactory.AwaitExpression(AsyncSyntax.Parenthesize(antecedent)));
            if (references.Count == 0 && antecedentCannotFail)
            {
                return RunsAfter(lambda, awaitAntecedent);
            }

            if (references.Count != 1 || ReadOfOutcome(references[0]) is not { } read || !IsReadFirstAndAlways(read, continuation, semanticModel, cancellationToken))
            {
                return null;
            }

            var readSyntax = read.Syntax;
            switch (lambda.Body)
            {
                case ExpressionSyntax expression:
                    return new InlinedBody(expression.ReplaceNode(readSyntax, awaitAntecedent).WithoutTrivia(), null);
                case BlockSyntax { Statements.Count: 1 } single when single.Statements[0] is ReturnStatementSyntax { Expression: { } returned }:
                    return new InlinedBody(returned.ReplaceNode(readSyntax, awaitAntecedent).WithoutTrivia(), null);
                case BlockSyntax { Statements.Count: 1 } single when single.Statements[0] is ExpressionStatementSyntax { Expression: var only }:
                    return new InlinedBody(only.ReplaceNode(readSyntax, awaitAntecedent).WithoutTrivia(), null);
                case BlockSyntax block when !ControlLeavesTheBlock(block):
                    var statements = block.ReplaceNode(readSyntax, awaitAntecedent).Statements;
                    return new InlinedBody(null, statements.Select(s => s.WithAdditionalAnnotations(Formatter.Annotation)).ToImmutableArray());
                default:
                    return null;
            }
        }

        /// <summary><c>await antecedent;</c>, then the continuation's statements (an expression body must be a statement itself).</summary>
        private static InlinedBody? RunsAfter(LambdaExpressionSyntax lambda, ExpressionSyntax awaitAntecedent)
        {
            IEnumerable<StatementSyntax> body;
            switch (lambda.Body)
            {
                case ExpressionSyntax expression when IsStatementExpression(expression):
                    body = new[] { SyntaxFactory.ExpressionStatement(expression.WithoutTrivia()) };
                    break;
                case BlockSyntax block when !ControlLeavesTheBlock(block):
                    body = block.Statements;
                    break;
                default:
                    return null;
            }

            var statements = new[] { SyntaxFactory.ExpressionStatement(awaitAntecedent) }.Concat(body)
                .Select(s => s.WithAdditionalAnnotations(Formatter.Annotation))
                .ToImmutableArray();
            return new InlinedBody(null, statements);
        }

        /// <summary>
        /// An antecedent that never fails and is never cancelled: <c>Task.Delay(..)</c> without a token (a bad argument throws at
        /// the call, before and after the fix alike), <c>Task.CompletedTask</c>, <c>Task.FromResult(..)</c>.
        /// </summary>
        private static bool CannotFail(IOperation? antecedent, KnownSymbols symbols)
        {
            antecedent = antecedent is null ? null : OperationFacts.WithoutImplicitConversions(antecedent);

            return antecedent switch
            {
                IInvocationOperation { TargetMethod: { IsStatic: true, Name: "Delay" or "FromResult" } method } invocation
                    => symbols.IsTask(method.ContainingType) && !invocation.Arguments.Any(a => symbols.IsCancellationToken(a.Parameter?.Type)),
                IPropertyReferenceOperation { Property: { IsStatic: true, Name: "CompletedTask" } property } => symbols.IsTask(property.ContainingType),
                _ => false,
            };
        }

        /// <summary>
        /// Where the continuation reads the antecedent's outcome, rethrowing its failure: <c>x.Result</c>,
        /// <c>x.GetAwaiter().GetResult()</c>, or a <c>x.Wait();</c> statement. Any other use (<c>Status</c>, <c>Exception</c>,
        /// <c>IsFaulted</c>, passing it on) is null.
        /// </summary>
        private static IOperation? ReadOfOutcome(IParameterReferenceOperation reference)
            => reference.Parent switch
            {
                IPropertyReferenceOperation { Property.Name: "Result" } result => result,
                IInvocationOperation { TargetMethod.Name: "Wait", Arguments.Length: 0, Parent: IExpressionStatementOperation } wait => wait,
                IInvocationOperation { TargetMethod.Name: "GetAwaiter", Arguments.Length: 0, Parent: IInvocationOperation { TargetMethod.Name: "GetResult", Arguments.Length: 0 } getResult } => getResult,
                _ => null,
            };

        /// <summary>
        /// The read runs every time the continuation runs (no condition, loop, <c>try</c> or nested function around it), and
        /// nothing before it does anything an <c>await</c> placed there would reorder: before it come only constants, locals
        /// and parameters that nothing reassigns, readonly fields and built-in operators.
        /// </summary>
        private static bool IsReadFirstAndAlways(IOperation read, IAnonymousFunctionOperation continuation, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            IOperation child = read;
            for (var current = read.Parent; current is not null && current != continuation.Body; child = current, current = current.Parent)
            {
                var always = current switch
                {
                    IArgumentOperation or IInvocationOperation or IPropertyReferenceOperation or IFieldReferenceOperation or IConversionOperation
                        or IObjectCreationOperation or IArrayCreationOperation or IArrayInitializerOperation or ITupleOperation
                        or IInterpolatedStringOperation or IInterpolationOperation or IUnaryOperation
                        or IReturnOperation or IExpressionStatementOperation or ISimpleAssignmentOperation
                        or IVariableInitializerOperation or IVariableDeclaratorOperation or IVariableDeclarationOperation or IVariableDeclarationGroupOperation => true,
                    IBinaryOperation binary => binary.LeftOperand == child || binary.OperatorKind is not (BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr),
                    IConditionalOperation conditional => conditional.Condition == child,
                    ICoalesceOperation coalesce => coalesce.Value == child,
                    IConditionalAccessOperation access => access.Operation == child,
                    IBlockOperation block => block.Parent == continuation,
                    _ => false,
                };
                if (!always)
                {
                    return false;
                }
            }

            var readStart = read.Syntax.SpanStart;
            var root = EnclosingMember(continuation.Syntax, cancellationToken);
            foreach (var before in continuation.Body.Descendants())
            {
                if (before.Syntax.Span.End <= readStart && !IsInert(before, continuation, root, semanticModel, cancellationToken))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsInert(IOperation operation, IAnonymousFunctionOperation continuation, SyntaxNode root, SemanticModel semanticModel, CancellationToken cancellationToken)
            => operation switch
            {
                ILiteralOperation or IDefaultValueOperation or IInstanceReferenceOperation or ITypeOfOperation or INameOfOperation or ISizeOfOperation
                    or IArgumentOperation or IInterpolatedStringOperation or IInterpolatedStringTextOperation or IInterpolationOperation
                    or IVariableDeclarationGroupOperation or IVariableDeclarationOperation or IVariableDeclaratorOperation or IVariableInitializerOperation
                    or IExpressionStatementOperation or ITupleOperation => true,
                IConversionOperation conversion => conversion.OperatorMethod is null,
                IBinaryOperation binary => binary.OperatorMethod is null,
                IUnaryOperation unary => unary.OperatorMethod is null,
                IFieldReferenceOperation field => field.Field.IsReadOnly || field.Field.IsConst,
                ILocalReferenceOperation local => SymbolEqualityComparer.Default.Equals(local.Local.ContainingSymbol, continuation.Symbol)
                    || !IsReassigned(local.Local, root, semanticModel, cancellationToken),
                IParameterReferenceOperation parameter => !IsReassigned(parameter.Parameter, root, semanticModel, cancellationToken),
                _ => false,
            };

        /// <summary>True when <paramref name="symbol"/> is assigned, incremented or passed by <c>ref</c>/<c>out</c> anywhere in <paramref name="root"/>.</summary>
        private static bool IsReassigned(ISymbol symbol, SyntaxNode root, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            foreach (var name in root.DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                if (name.Identifier.ValueText != symbol.Name)
                {
                    continue;
                }

                var written = name.Parent switch
                {
                    AssignmentExpressionSyntax assignment => assignment.Left == name,
                    PrefixUnaryExpressionSyntax prefix => prefix.IsKind(SyntaxKind.PreIncrementExpression) || prefix.IsKind(SyntaxKind.PreDecrementExpression),
                    PostfixUnaryExpressionSyntax => true,
                    ArgumentSyntax argument => !argument.RefKindKeyword.IsKind(SyntaxKind.None),
                    _ => false,
                };
                if (written && SymbolEqualityComparer.Default.Equals(semanticModel.GetSymbolInfo(name, cancellationToken).Symbol, symbol))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A <c>return</c>, <c>goto</c>, label or <c>yield</c> would mean something else once the statements stand in the caller.</summary>
        private static bool ControlLeavesTheBlock(BlockSyntax block)
            => block.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
                .Any(n => n is ReturnStatementSyntax or GotoStatementSyntax or LabeledStatementSyntax or YieldStatementSyntax or LocalFunctionStatementSyntax);

        /// <summary>
        /// The continuation's body will live in the caller's block, and so will the locals it declares (<c>var r = x.Result;</c>,
        /// <c>out var n</c>, a pattern's variable): none of their names may be in use there (a local in scope, or any identifier
        /// of the enclosing member outside the continuation).
        /// </summary>
        private static bool NamesAreFree(LambdaExpressionSyntax lambda, SyntaxNode spot, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            var declared = lambda.Body.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
                .Select(n => n switch
                {
                    VariableDeclaratorSyntax variable => variable.Identifier.ValueText,
                    SingleVariableDesignationSyntax designation => designation.Identifier.ValueText,
                    ForEachStatementSyntax forEach => forEach.Identifier.ValueText,
                    CatchDeclarationSyntax catchDeclaration => catchDeclaration.Identifier.ValueText,
                    _ => null,
                })
                .Where(n => !string.IsNullOrEmpty(n))
                .ToImmutableHashSet();
            if (declared.IsEmpty)
            {
                return true;
            }

            var used = EnclosingMember(spot, cancellationToken).DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken) && !lambda.Span.Contains(t.Span)).Select(t => t.ValueText);
            return !used.Any(declared.Contains)
                && !semanticModel.LookupSymbols(spot.SpanStart).Any(s => s is ILocalSymbol or IParameterSymbol or IRangeVariableSymbol && declared.Contains(s.Name));
        }

        /// <summary>The member declaration holding <paramref name="node"/>; the whole file for top-level statements, which share their locals.</summary>
        private static SyntaxNode EnclosingMember(SyntaxNode node, CancellationToken cancellationToken)
            => node.FirstAncestorOrSelf<MemberDeclarationSyntax>() is { } member and not GlobalStatementSyntax ? member : node.SyntaxTree.GetRoot(cancellationToken);

        /// <summary>
        /// The inlined body can stand where the <c>await</c> was: statements only in place of an await statement in a block (not
        /// among top-level statements); an expression whose value is dropped must be one that is a statement by itself.
        /// </summary>
        private static bool FitsWhereTheAwaitWas(InlinedBody inline, ExpressionSyntax outer, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            if (inline.Statements is not null)
            {
                return outer.Parent is ExpressionStatementSyntax { Parent: not GlobalStatementSyntax };
            }

            var valueDropped = outer.Parent switch
            {
                ExpressionStatementSyntax => true,
                ArrowExpressionClauseSyntax or LambdaExpressionSyntax => ReturnsNoValue(outer, semanticModel, cancellationToken),
                _ => false,
            };
            return !valueDropped || IsStatementExpression(inline.Expression!);
        }

        /// <summary>The function whose expression body <paramref name="body"/> is returns <c>void</c>, <c>Task</c> or <c>ValueTask</c>.</summary>
        private static bool ReturnsNoValue(SyntaxNode body, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            var function = body.Parent is ArrowExpressionClauseSyntax arrow ? arrow.Parent : body.Parent;
            var symbol = function is null ? null : AsyncContext.FunctionSymbol(function, semanticModel, cancellationToken);
            return symbol is null || symbol.ReturnsVoid || symbol.ReturnType is INamedTypeSymbol { IsGenericType: false };
        }

        /// <summary>The function is made async and its <c>return</c> awaits the chain: the body must fit there.</summary>
        private static bool FitsTheReturn(InlinedBody inline, MakeAsyncPlan plan, ExpressionSyntax chain)
        {
            var expressionBodied = chain.Parent is ArrowExpressionClauseSyntax or LambdaExpressionSyntax;
            if (plan.Returns == ReturnRewrite.AwaitGeneric)
            {
                return inline.Expression is not null; // return await chain;
            }

            // Task: `await chain;` as a statement, or the expression body of an async Task function.
            return inline.Statements is not null ? !expressionBodied : IsStatementExpression(inline.Expression!);
        }

        private static bool IsStatementExpression(ExpressionSyntax expression)
        {
            while (expression is ParenthesizedExpressionSyntax parenthesized)
            {
                expression = parenthesized.Expression;
            }

            return expression is InvocationExpressionSyntax or AwaitExpressionSyntax or AssignmentExpressionSyntax or BaseObjectCreationExpressionSyntax
                or ConditionalAccessExpressionSyntax { WhenNotNull: InvocationExpressionSyntax }
                || expression.IsKind(SyntaxKind.PreIncrementExpression) || expression.IsKind(SyntaxKind.PreDecrementExpression)
                || expression.IsKind(SyntaxKind.PostIncrementExpression) || expression.IsKind(SyntaxKind.PostDecrementExpression);
        }
    }
}
