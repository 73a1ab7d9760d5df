// The page's UI state: everything about this person's page that is not a record (which screen,
// what is being typed or dragged, what a screen has picked), in one object the shell makes and
// hands to the screens as `ctx.ui`. Every key is declared here with its first value, and no module
// writes another (web/tests/ui_state.test.js reads them all). A screen's own state is one key
// holding an object that screen makes on its first draw (`null` until then).

/** A fresh UI state; `narrow` and `compact` are the window's widths at the start (app/shell.js). */
export function uiState({ narrow = false, compact = false } = {}) {
  return {
    // ---- the page and its connection (app/shell.js) ----
    status: 'connecting', // the connection (app/net.js): connecting, live, reconnecting, closed
    mode: null, // 'http' when the network blocks WebSockets
    fatal: null, // why this page cannot connect (the link no longer works)
    narrow, // a phone-sized window: the screens are in the Menu
    compact, // narrower than a 1600 px screen: the toolbar's picture and timers go into its More
    headerTight: 0, // the header's width when who you are and the room tools went into the Menu (0: they fit)
    rememberedTitle: null, // the workshop title last kept in "My workshops"
    boardDrawn: false, // the board has been drawn (the first draw waits for its screen's module)
    heldReveal: null, // the board to bring into view, held while that first draw waits
    // ---- screens and following (app/screens.js) ----
    screen: null, // the selected screen's id (remembered per workshop)
    follow: null, // following the facilitator; null until we know who we are
    activityStamp: undefined, // the activity at the last draw; undefined before the first
    showingStamp: null, // the board shown to everyone at the last draw ('board@at')
    // ---- fields, dialogs and drags (ui/) ----
    editing: new Set(), // the cards and fields being edited
    drafts: new Map(), // typed text by field (app/session.js keeps it on the device too)
    dialog: null, // the open dialog (ui/dialog.js)
    dragging: null, // the card being dragged (ui/drag.js)
    suppressClick: null, // the click that ends a drag, which must not open the card
    remoteDrags: new Map(), // other people's drags, by card
    // ---- theming (screens/theming.js) ----
    themingPick: null, // {id, activity}: the one theming board a phone shows
    themingLastOwn: null, // the board of the last activity that had one (a break keeps it)
    openThemes: null, // the themes opened to show their cards (a Set)
    // ---- Day 1 (screens/day1*.js) ----
    day1Table: null, // the table whose Day 1 boards are shown
    day1VoteBoard: null, // the board picked on the vote screen
    day1Seen: null, // the agenda and votes as last drawn: changes to them are announced
    day1Errors: null, // refusals by form (a Map)
    day1Give: null, // the themes picked to give to tables (a Set)
    day1GiveCount: null, // how many themes go to tables
    day1GiveRound: null, // the vote those picks are for
    // ---- Day 2 (screens/day2*.js) ----
    day2: null, // Day 2's screens' own state (day2.js d2())
    typing: null, // who is typing in which plan's field (a Map)
    // ---- rooms, chat, the host console, the toolbar ----
    backFromBreak: false, // focus "Take a break" again after coming back
    chat: null, // the chat channel picked beside the screens
    chatFrom: null, // the newest chat message's time as the page opened: a first visit has seen up to it (ui/chat.js)
    chatStaff: null, // the channel picked in the host console's chat
    hostRoom: null, // the host console's room filter
    renaming: null, // the person a host is renaming
    projectorUrl: null, // the projector link just made
    toolbarBoard: null, // the board the toolbar's picture is of
    toolbarBusy: false, // a picture is being taken
    // ---- the projector (screens/projector.js) ----
    stage: null, // the activity on the wall and since when
    activityChange: null, // the last change of activity heard, with its time
    joinInfo: null, // the join code and short address, once fetched
    joinQr: null, // the join QR code's image (an object URL)
    // ---- each of these screens' own state, made on its first draw ----
    data: null, // screens/data.js
    feedback: null, // screens/feedback.js
    followUp: null, // screens/plan_follow_up.js
    mopUp: null, // screens/mop_up.js
    privacy: null, // screens/privacy.js
    pictures: null, // screens/pictures.js
    files: null, // ui/files.js
  };
}
