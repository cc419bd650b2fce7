// Floor-plan editor: drag markers (pointer events), click to add outline points, arrow keys to nudge.
// Positions are reported relative to the plan (0..1) so that they survive a plan of another resolution.
window.jooxterPlan = {
    attach(root, plan, dotnet) {
        const relative = (event) => {
            const r = plan.getBoundingClientRect();
            return {
                x: (event.clientX - r.left) / r.width,
                y: (event.clientY - r.top) / r.height,
                inside: event.clientX >= r.left && event.clientX <= r.right && event.clientY >= r.top && event.clientY <= r.bottom,
            };
        };
        let drag = null;
        const down = (event) => {
            const item = event.target.closest("[data-marker-id]");
            if (!item || !root.contains(item) || root.dataset.editable !== "true" || event.button !== 0) return;
            event.preventDefault();
            const ghost = item.cloneNode(true);
            ghost.classList.add("jx-ghost");
            ghost.style.position = "fixed";
            ghost.style.left = event.clientX + "px";
            ghost.style.top = event.clientY + "px";
            ghost.style.pointerEvents = "none";
            document.body.appendChild(ghost);
            drag = { item, ghost, moved: false };
        };
        const move = (event) => {
            if (!drag) return;
            drag.moved = true;
            drag.ghost.style.left = event.clientX + "px";
            drag.ghost.style.top = event.clientY + "px";
        };
        const up = async (event) => {
            if (!drag) return;
            const { item, ghost, moved } = drag;
            drag = null;
            ghost.remove();
            const p = relative(event);
            if (moved && p.inside) {
                await dotnet.invokeMethodAsync("Dropped", item.dataset.markerKind, item.dataset.markerId, p.x, p.y);
            } else if (!moved) {
                await dotnet.invokeMethodAsync("Selected", item.dataset.markerKind, item.dataset.markerId);
            }
        };
        const click = async (event) => {
            if (root.dataset.drawing !== "true" || event.target.closest("[data-marker-id]")) return;
            const p = relative(event);
            if (p.inside) await dotnet.invokeMethodAsync("OutlinePoint", p.x, p.y);
        };
        const key = async (event) => {
            const item = event.target.closest && event.target.closest("[data-marker-id][data-placed='true']");
            if (!item || root.dataset.editable !== "true") return;
            const step = event.shiftKey ? 0.05 : 0.01;
            const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
            const delta = moves[event.key];
            if (!delta) return;
            event.preventDefault();
            await dotnet.invokeMethodAsync("Nudge", item.dataset.markerKind, item.dataset.markerId, delta[0], delta[1]);
        };
        root.addEventListener("pointerdown", down);
        document.addEventListener("pointermove", move);
        document.addEventListener("pointerup", up);
        plan.addEventListener("click", click);
        root.addEventListener("keydown", key);
        return {
            dispose() {
                root.removeEventListener("pointerdown", down);
                document.removeEventListener("pointermove", move);
                document.removeEventListener("pointerup", up);
                plan.removeEventListener("click", click);
                root.removeEventListener("keydown", key);
            },
        };
    },
};
