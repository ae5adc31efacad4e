using System.Collections.Immutable;
using System.Linq;
using AsyncRules.Analyzers.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncRules.Analyzers.Rules
{
    /// <summary>
    /// ASYNC003: a call's awaitable result is dropped where the compiler's CS4014 stays silent: in sync code (CS4014 covers
    /// async code, and calls in sync code to methods declared <c>async</c> in the same compilation) and inside a <c>lock</c>
    /// body of async code (where no await may go, and CS4014 says nothing).
    /// <c>Task.Delay(1);</c> in a void method, <c>SaveAsync();</c> in a constructor, a dropped <c>Task.Run(...)</c>: nothing waits
    /// for the work and its exceptions are lost. The explicit discard <c>_ = SaveAsync();</c> says it is deliberate, and so does
    /// an API's own fire-and-forget flag written in the call (<c>db.KeyDeleteAsync(key, CommandFlags.FireAndForget);</c>).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ASYNC003DroppedAwaitableAnalyzer : AsyncRulesAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
            DiagnosticIds.DroppedAwaitable,
            title: "Do not drop a task",
            messageFormat: "The task '{0}' returns is dropped: nothing waits for it and its exceptions are lost; await it, or discard it explicitly with '_ ='",
            RuleCategories.Await,
            DiagnosticSeverity.Warning,
            description: "Calling a coroutine only starts it. If the task it returns is neither awaited nor kept, the caller "
                + "goes on before the work is done and never learns whether it failed. The compiler warns about this (CS4014) "
                + "only in async code; this rule covers sync code.");

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        private protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownSymbols symbols)
        {
            var awaitables = symbols.Awaitables;
            context.RegisterOperationAction(c => AnalyzeStatement(c, symbols, awaitables), OperationKind.ExpressionStatement);
        }

        private static void AnalyzeStatement(OperationAnalysisContext context, KnownSymbols symbols, AwaitableTypes awaitables)
        {
            var statement = (IExpressionStatementOperation)context.Operation;

            // parent?.UnsubscribeAsync(..): the call through '?.' drops its task just the same when the receiver is not null.
            var dropped = statement.Operation;
            var throughConditionalAccess = false;
            while (dropped is IConditionalAccessOperation conditional)
            {
                dropped = conditional.WhenNotNull;
                throughConditionalAccess = true;
            }

            if (dropped is not IInvocationOperation invocation)
            {
                return;
            }

            var type = invocation.Type;
            if (type is null || type.SpecialType == SpecialType.System_Void)
            {
                return;
            }

            // CS4014 already speaks in async code (except inside a lock body, where no await may go and it stays silent, and
            // through '?.', which it does not look into) and for callees declared async in source; nothing runs in expression
            // trees. Top-level statements count as async code for CS4014 even without an await.
            var inAsyncCode = AsyncContext.IsInAsyncCode(invocation, context.ContainingSymbol) || AsyncContext.IsTopLevelStatement(invocation, context.ContainingSymbol);
            var compilerWarns = !throughConditionalAccess && (invocation.TargetMethod.IsAsync || (inAsyncCode && !IsInLockBody(invocation)));
            if (compilerWarns || AsyncContext.IsInExpressionTree(invocation, symbols))
            {
                return;
            }

            var semanticModel = invocation.SemanticModel!;
            var position = invocation.Syntax.SpanStart;
            if (!awaitables.IsTaskLikeOrConfigured(type) && !awaitables.IsAwaitable(type, semanticModel, position))
            {
                return;
            }

            // Nothing is lost: a ContinueWith whose continuation returns no task only registers a callback, a helper that
            // returns the task it was handed (task.ObserveErrors();) has the task already, a Task.Run whose work cannot fault
            // its task carries no exception to lose, and a call handed the API's own FireAndForget flag asked for the drop.
            if (Continuations.IsCallbackRegistration(invocation.TargetMethod, symbols, awaitables, semanticModel, position)
                || ReturnsTheTaskItIsGiven(invocation.TargetMethod)
                || RunsWorkThatCannotFault(invocation, symbols)
                || AsksForFireAndForget(invocation, symbols))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(Rule, statement.Operation.Syntax.GetLocation(), invocation.TargetMethod.Name));
        }

        /// <summary>
        /// True when the callee, declared in source, returns one of its own parameters on every path (<c>static Task
        /// ObserveErrors(this Task task) { task.ContinueWith(..); return task; }</c>): the dropped value is the task the caller
        /// handed it. Looked into one level, by its body, not its name; never for a virtual or abstract member, whose override
        /// may return something else.
        /// </summary>
        private static bool ReturnsTheTaskItIsGiven(IMethodSymbol method)
        {
            method = (method.ReducedFrom ?? method).OriginalDefinition;
            if (method.IsAsync || method.IsVirtual || method.IsAbstract || method.IsOverride || method.Parameters.IsEmpty
                || method.ContainingType is { TypeKind: TypeKind.Interface } || method.DeclaringSyntaxReferences.Length != 1)
            {
                return false;
            }

            var declaration = method.DeclaringSyntaxReferences[0].GetSyntax();
            var (body, expressionBody) = declaration switch
            {
                MethodDeclarationSyntax m => (m.Body, m.ExpressionBody?.Expression),
                LocalFunctionStatementSyntax l => (l.Body, l.ExpressionBody?.Expression),
                _ => ((BlockSyntax?)null, (ExpressionSyntax?)null),
            };
            if (expressionBody is not null)
            {
                return ParameterNamed(ReturnedName(expressionBody), method) is not null;
            }

            if (body is null)
            {
                return false;
            }

            // Every return names one and the same parameter, and nothing assigns it (returns in nested functions are theirs).
            string? returned = null;
            foreach (var node in body.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
            {
                switch (node)
                {
                    case ReturnStatementSyntax returnStatement:
                        var name = ReturnedName(returnStatement.Expression);
                        if (name is null || (returned is not null && returned != name) || ParameterNamed(name, method) is null)
                        {
                            return false;
                        }

                        returned = name;
                        break;
                    case AssignmentExpressionSyntax { Left: IdentifierNameSyntax target } when ParameterNamed(target.Identifier.ValueText, method) is not null:
                        return false;
                    case ArgumentSyntax { RefKindKeyword.RawKind: not 0, Expression: IdentifierNameSyntax byRef } when ParameterNamed(byRef.Identifier.ValueText, method) is not null:
                        return false;
                }
            }

            return returned is not null;
        }

        /// <summary>
        /// <c>Task.Run(work)</c> where nothing can fault the task it returns, so dropping it loses no exception (issue 14): the
        /// work is an <c>async void</c> method or lambda (it binds <c>Task.Run(Action)</c>; the task completes at the first
        /// await and the async void raises its exceptions elsewhere, which ASYNC001 or ASYNC002 reports), or a void or
        /// <c>async</c> method, local function or lambda whose whole body is one <c>try</c> with a catch-all that does not rethrow
        /// (read in this compilation, without virtual dispatch; a lambda that only calls such a method counts as it). A
        /// synchronous <c>Task</c>-returning body is not looked into: the task it returns may fault whatever its <c>try</c> catches.
        /// </summary>
        private static bool RunsWorkThatCannotFault(IInvocationOperation invocation, KnownSymbols symbols)
        {
            if (invocation.TargetMethod is not { Name: "Run", IsStatic: true } run || !SymbolEqualityComparer.Default.Equals(run.ContainingType, symbols.Task))
            {
                return false;
            }

            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter is { Ordinal: 0 } && argument.Value is IDelegateCreationOperation creation)
                {
                    return creation.Target switch
                    {
                        IMethodReferenceOperation reference => CannotFault(reference.Method, symbols),
                        IAnonymousFunctionOperation lambda => CannotFault(lambda.Symbol, symbols, lambda.Body),
                        _ => false,
                    };
                }
            }

            return false;
        }

        /// <summary>
        /// The call itself asks the API for fire-and-forget (StackExchange.Redis <c>db.KeyDeleteAsync(key,
        /// CommandFlags.FireAndForget)</c>): an argument written in the call is a constant of an enum type that declares a member
        /// named <c>FireAndForget</c>, and that member is set in it: bitwise for a <c>[Flags]</c> enum
        /// (<c>CommandFlags.FireAndForget | CommandFlags.DemandMaster</c>), by equality otherwise. The library's contract then
        /// completes or discards the task by design. A flags value that is not a constant (a variable, a parameter) or an
        /// argument the compiler filled in from a default is not the caller's explicit request.
        /// </summary>
        private static bool AsksForFireAndForget(IInvocationOperation invocation, KnownSymbols symbols)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.ArgumentKind != ArgumentKind.Explicit)
                {
                    continue;
                }

                var value = argument.Value;
                while (value is IConversionOperation { IsImplicit: true } conversion)
                {
                    value = conversion.Operand;
                }

                if (value.Type is not INamedTypeSymbol { TypeKind: TypeKind.Enum } enumType
                    || !value.ConstantValue.HasValue
                    || Bits(value.ConstantValue.Value) is not { } bits)
                {
                    continue;
                }

                foreach (var member in enumType.GetMembers("FireAndForget"))
                {
                    if (member is not IFieldSymbol { HasConstantValue: true } field || Bits(field.ConstantValue) is not { } flag)
                    {
                        continue;
                    }

                    var isFlags = symbols.FlagsAttribute is not null
                        && enumType.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, symbols.FlagsAttribute));
                    if (isFlags ? flag != 0 && (bits & flag) == flag : bits == flag)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>An enum constant's bits, whatever its underlying type (a negative signed value keeps its two's complement bits).</summary>
        private static ulong? Bits(object? constant) => constant switch
        {
            int i => unchecked((ulong)i),
            uint u => u,
            long l => unchecked((ulong)l),
            ulong ul => ul,
            short sh => unchecked((ulong)sh),
            ushort us => us,
            sbyte sb => unchecked((ulong)sb),
            byte b => b,
            _ => null,
        };

        /// <summary>An async void method, or a void or async one whose body (read here) is guarded by a catch-all.</summary>
        private static bool CannotFault(IMethodSymbol method, KnownSymbols symbols)
        {
            if (method.IsAsync && method.ReturnsVoid)
            {
                return true;
            }

            if ((!method.IsAsync && !method.ReturnsVoid) || !CalleeBodies.CanLookInto(method, symbols.Compilation))
            {
                return false;
            }

            var body = CalleeBodies.BodyOf(method, symbols.Compilation);
            return CatchAll.GuardsWholeBlock(body is IMethodBodyOperation methodBody ? methodBody.BlockBody : body as IBlockOperation, symbols);
        }

        /// <summary>A lambda: guarded itself, or a non-async one whose only statement calls (and returns) a method that cannot fault.</summary>
        private static bool CannotFault(IMethodSymbol lambda, KnownSymbols symbols, IBlockOperation body)
        {
            if ((lambda.IsAsync && lambda.ReturnsVoid) || ((lambda.IsAsync || lambda.ReturnsVoid) && CatchAll.GuardsWholeBlock(body, symbols)))
            {
                return true;
            }

            if (lambda.IsAsync || body.Operations.IsEmpty)
            {
                return false;
            }

            var only = body.Operations[0] switch
            {
                IReturnOperation { ReturnedValue: { } value } => value,
                IExpressionStatementOperation statement => statement.Operation,
                _ => null,
            };
            var rest = body.Operations.Length == 1 || (body.Operations.Length == 2 && body.Operations[1] is IReturnOperation { IsImplicit: true, ReturnedValue: null });
            only = only is null ? null : OperationFacts.WithoutImplicitConversions(only);

            return rest && only is IInvocationOperation call && (call.TargetMethod.IsAsync || call.TargetMethod.ReturnsVoid)
                && CannotFault(call.TargetMethod, symbols);
        }

        private static string? ReturnedName(ExpressionSyntax? expression)
        {
            while (true)
            {
                switch (expression)
                {
                    case ParenthesizedExpressionSyntax parenthesized:
                        expression = parenthesized.Expression;
                        break;
                    case PostfixUnaryExpressionSyntax suppressed when suppressed.IsKind(SyntaxKind.SuppressNullableWarningExpression):
                        expression = suppressed.Operand;
                        break;
                    case IdentifierNameSyntax identifier:
                        return identifier.Identifier.ValueText;
                    default:
                        return null;
                }
            }
        }

        private static IParameterSymbol? ParameterNamed(string? name, IMethodSymbol method)
        {
            foreach (var parameter in method.Parameters)
            {
                if (parameter.Name == name && parameter.RefKind == RefKind.None)
                {
                    return parameter;
                }
            }

            return null;
        }

        private static bool IsInLockBody(IOperation operation)
        {
            for (var current = operation.Parent; current is not null; current = current.Parent)
            {
                switch (current)
                {
                    case ILockOperation:
                        return true;
                    case IAnonymousFunctionOperation or ILocalFunctionOperation:
                        return false;
                }
            }

            return false;
        }
    }
}
