//! Booking a time at a desk, the ticket and a kiosk's walk-in numbers (dat-lich.html, served
//! under /dat-lich).
fn main() {
    motcua::start(motcua::BookingApp);
}
