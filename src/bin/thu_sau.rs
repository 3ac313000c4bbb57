//! The Friday planner bundle (thu-sau.html, served under /thu-sau).
fn main() {
    motcua::start(motcua::PlannerApp);
}
