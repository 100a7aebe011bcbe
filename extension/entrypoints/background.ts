import { defineBackground } from '#imports';

// The background owns the device token and the network; features register here.
export default defineBackground(() => {});
